package jp.kakehashi.web.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditDetailsTest {
    @Test
    void detailsAreNamedSizesReadAsKbAndStatesAsWords() {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("name", "見積書.docx");
        data.put("size", "1258291");
        data.put("from", "SANITIZED");
        data.put("decision", "approval");
        data.put("sha256", "ab".repeat(32));
        data.put("somethingNew", "kept");
        assertThat(AuditDetails.line(Text.of("ja"), data))
                .isEqualTo("ファイル名: 見積書.docx; 大きさ: 1.2 MB; 前の状態: 無害化済; 判定: 承認が必要; SHA-256: " + "ab".repeat(32)
                        + "; somethingNew: kept");
        assertThat(AuditDetails.line(Text.of("ja"), Map.of("limit", "64")))
                .as("a connection limit is a count, not bytes")
                .isEqualTo("上限: 64");
        assertThat(AuditDetails.line(Text.of("en"), Map.of("size", "2048")))
                .as("in English too")
                .isEqualTo("Size: 2.0 KB");
        assertThat(AuditDetails.line(Text.of("ja"), Map.of("from", "192.0.2.7")))
                .as("the address a sign-in came from is no state")
                .isEqualTo("接続元: 192.0.2.7");
    }
}
