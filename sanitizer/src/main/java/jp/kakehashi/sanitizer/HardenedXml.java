package jp.kakehashi.sanitizer;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.stream.XMLInputFactory;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerConfigurationException;
import javax.xml.transform.TransformerFactory;

/**
 * The one place XML parsers are made (DESIGN §7, ATTACKS R7): no DOCTYPE, no external entities,
 * no external DTDs or schemas, no XInclude. A document with a DOCTYPE fails to parse, and the
 * caller reports {@link ReasonCode#XML_DOCTYPE}.
 */
public final class HardenedXml {
    private HardenedXml() {}

    /**
     * Making a builder costs more than parsing a typical OOXML part (the parser's whole
     * configuration is built each time), so each thread keeps one and resets it before use.
     */
    private static final ThreadLocal<DocumentBuilder> BUILDERS = ThreadLocal.withInitial(HardenedXml::newBuilder);

    /**
     * A namespace-aware DOM builder that rejects any DOCTYPE: this thread's, reset. Use it for one
     * {@code parse} at a time, never across a call that may parse too.
     */
    public static DocumentBuilder documentBuilder() {
        DocumentBuilder builder = BUILDERS.get();
        builder.reset();
        builder.setEntityResolver(HardenedXml::refuseEntity);
        return builder;
    }

    private static DocumentBuilder newBuilder() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newDefaultInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            return f.newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            throw new SanitizerException("the JDK's XML parser cannot be hardened", e);
        }
    }

    private static org.xml.sax.InputSource refuseEntity(String publicId, String systemId)
            throws org.xml.sax.SAXException {
        throw new org.xml.sax.SAXException("external entity refused: " + systemId);
    }

    /** A StAX factory with DTDs and external entities off. */
    public static XMLInputFactory inputFactory() {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        return f;
    }

    /** Each thread keeps one factory: making one costs more than writing a relationships part. */
    private static final ThreadLocal<TransformerFactory> TRANSFORMER_FACTORIES =
            ThreadLocal.withInitial(HardenedXml::newTransformerFactory);

    /** A transformer for writing DOM trees back out (this thread's factory's); it never fetches anything. */
    public static Transformer transformer() {
        try {
            return TRANSFORMER_FACTORIES.get().newTransformer();
        } catch (TransformerConfigurationException e) {
            throw new SanitizerException("the JDK's XML transformer cannot be made", e);
        }
    }

    private static TransformerFactory newTransformerFactory() {
        try {
            TransformerFactory f = TransformerFactory.newDefaultInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
            return f;
        } catch (TransformerConfigurationException e) {
            throw new SanitizerException("the JDK's XML transformer cannot be hardened", e);
        }
    }
}
