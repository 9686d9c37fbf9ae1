package jp.kakehashi.web;

/** The language a page is shown in; Japanese unless the person switches. */
enum Lang {
    JA,
    EN;

    String tag() {
        return this == JA ? "ja" : "en";
    }

    static Lang of(String tag) {
        return "en".equals(tag) ? EN : JA;
    }
}
