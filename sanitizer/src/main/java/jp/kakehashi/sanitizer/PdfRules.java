package jp.kakehashi.sanitizer;

import java.util.Set;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSString;

/** What counts as active content in a PDF; shared by the disarmer and (by name only) the report. */
final class PdfRules {
    /** Action types that run code, open other files or send data (CDR-NOTES §1.5). */
    static final Set<String> DANGEROUS_ACTIONS = Set.of(
            "JavaScript",
            "Launch",
            "SubmitForm",
            "ImportData",
            "GoToR",
            "GoToE",
            "Rendition",
            "Movie",
            "Sound",
            "RichMediaExecute");

    /** Annotation subtypes that embed files or media players. */
    static final Set<String> DANGEROUS_ANNOTATIONS =
            Set.of("FileAttachment", "RichMedia", "Screen", "Movie", "Sound", "3D");

    private PdfRules() {}

    /** The action type of {@code dictionary} if it is dangerous, such as {@code JavaScript}. */
    static String dangerousAction(COSDictionary dictionary) {
        COSName type = dictionary.getCOSName(COSName.S);
        if (type == null) {
            return "";
        }
        String name = type.getName();
        if (DANGEROUS_ACTIONS.contains(name)) {
            return name;
        }
        if (name.equals("URI") && !isWebLink(dictionary.getDictionaryObject(COSName.URI))) {
            return "URI";
        }
        return "";
    }

    /** Plain http(s) and mailto links stay usable; {@code javascript:}, {@code file:} and others do not ({@link Links}). */
    static boolean isWebLink(COSBase uri) {
        if (!(uri instanceof COSString text)) {
            return false;
        }
        return Links.mayStay(text.getString());
    }

    static String kindOf(String action) {
        return action.equals("JavaScript") ? "javascript" : "action";
    }
}
