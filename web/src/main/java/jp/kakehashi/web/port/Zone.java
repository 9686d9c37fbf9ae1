package jp.kakehashi.web.port;

import java.util.Locale;

/** The network segment a portal listens in (三層の対策); each zone has its own connector. */
public enum Zone {
    /** インターネット接続系: partners. */
    INTERNET("インターネット接続系"),
    /** LGWAN接続系: staff, officers, administrators. */
    LGWAN("LGWAN接続系"),
    /** マイナンバー利用事務系: read only. */
    MYNUMBER("マイナンバー利用事務系");

    private final String japanese;

    Zone(String japanese) {
        this.japanese = japanese;
    }

    public String japanese() {
        return japanese;
    }

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
