package jp.kakehashi.sanitizer;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSObject;

/**
 * Visits every dictionary reachable from a PDF object, once, following indirect references and
 * stream dictionaries. Iterative, so a deep or cyclic object graph cannot overflow the stack.
 */
final class CosWalker {
    interface Visitor {
        void visit(COSDictionary dictionary);
    }

    private CosWalker() {}

    static void walk(COSBase start, int maxObjects, Visitor visitor) {
        Set<COSBase> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<COSBase> todo = new ArrayDeque<>();
        todo.push(start);
        while (!todo.isEmpty()) {
            COSBase next = todo.pop();
            if (next instanceof COSObject indirect) {
                next = indirect.getObject();
                if (next == null) {
                    continue;
                }
            }
            if (!seen.add(next)) {
                continue;
            }
            if (seen.size() > maxObjects) {
                throw new PdfTooComplexException("more than " + maxObjects + " PDF objects");
            }
            if (next instanceof COSDictionary dictionary) {
                visitor.visit(dictionary);
                for (COSBase value : dictionary.getValues()) {
                    todo.push(value);
                }
            } else if (next instanceof COSArray array) {
                for (int i = 0; i < array.size(); i++) {
                    todo.push(array.get(i));
                }
            }
        }
    }

    /** The PDF needs more than its budget: objects in the graph, or bytes once a stream is decoded. */
    static final class PdfTooComplexException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PdfTooComplexException(String detail) {
            super(detail);
        }
    }
}
