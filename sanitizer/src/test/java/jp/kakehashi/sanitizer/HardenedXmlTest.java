package jp.kakehashi.sanitizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.xml.sax.SAXParseException;

/** The reused builder stays hardened after every reset: a DOCTYPE is refused on the hundredth parse as on the first. */
class HardenedXmlTest {
    private static final String BILLION_LAUGHS =
            "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;\">]><a>&lol2;</a>";
    private static final String EXTERNAL =
            "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><a>&x;</a>";

    @Test
    void everyParseOnOneThreadRefusesDoctypesAndEntities() throws Exception {
        for (int i = 0; i < 100; i++) {
            assertThat(HardenedXml.documentBuilder()
                            .parse(stream("<w:document xmlns:w=\"urn:w\"><w:t>" + i + "</w:t></w:document>"))
                            .getDocumentElement()
                            .getLocalName())
                    .isEqualTo("document");
            assertThatThrownBy(() -> HardenedXml.documentBuilder().parse(stream(BILLION_LAUGHS)))
                    .isInstanceOf(SAXParseException.class)
                    .hasMessageContaining("DOCTYPE");
            assertThatThrownBy(() -> HardenedXml.documentBuilder().parse(stream(EXTERNAL)))
                    .isInstanceOf(SAXParseException.class)
                    .hasMessageContaining("DOCTYPE");
        }
    }

    @Test
    void aBuilderIsNamespaceAwareAfterAFailedParse() throws Exception {
        assertThatThrownBy(() -> HardenedXml.documentBuilder().parse(stream("<a><b></a>")))
                .isInstanceOf(SAXParseException.class);
        assertThat(HardenedXml.documentBuilder()
                        .parse(stream("<p:sld xmlns:p=\"urn:p\"/>"))
                        .getDocumentElement()
                        .getNamespaceURI())
                .isEqualTo("urn:p");
    }

    private static ByteArrayInputStream stream(String xml) {
        return new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8));
    }
}
