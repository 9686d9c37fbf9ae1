package jp.kakehashi.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import jp.kakehashi.web.port.ItemView;
import jp.kakehashi.web.port.Role;
import jp.kakehashi.web.port.Stage;
import jp.kakehashi.web.port.User;
import jp.kakehashi.web.port.Zone;
import org.junit.jupiter.api.Test;

/** A file held by a fault outside it reads as 保留 with the reason and the next try, not as a silent wait. */
class HeldItemPageTest {
    private static final String ID = "0000000000000000000000c7";

    @Test
    void theSenderReadsWhyTheFileIsHeldAndWhenItIsTriedAgain() throws Exception {
        try (LocalPortals portals = new LocalPortals()) {
            User partner = portals.ports.add("acme-sato", Role.PARTNER, "acme");
            ItemView waiting = portals.ports.item(ID, "見積書.txt", partner, Stage.CHECKING);
            Instant next = Instant.parse("2026-12-06T03:15:00Z");
            portals.ports.items.add(new ItemView(
                    waiting.id(),
                    waiting.name(),
                    waiting.sender(),
                    waiting.organisation(),
                    waiting.from(),
                    waiting.to(),
                    waiting.size(),
                    waiting.stage(),
                    waiting.reason(),
                    waiting.receiptJa(),
                    waiting.receiptEn(),
                    waiting.removed(),
                    waiting.deliveredAs(),
                    waiting.receivedAt(),
                    waiting.updatedAt(),
                    waiting.queuePosition(),
                    waiting.downloadedAt(),
                    Optional.of(
                            new ItemView.Held("ウイルス検査が一時的に使えません", "the virus scanner is unavailable for now", next)),
                    waiting.sentBy(),
                    waiting.sentTo(),
                    waiting.note()));
            Browser b = portals.browser(Zone.INTERNET);
            b.signIn("acme-sato");

            assertThat(b.get("/items/" + ID).getContent())
                    .contains("保留（自動で再試行します）")
                    .contains("ウイルス検査が一時的に使えません")
                    .contains("次の試行: 2026/12/06 12:15 JST");
            assertThat(b.get("/sent").getContent()).contains("保留（自動で再試行します）: ウイルス検査が一時的に使えません");
            assertThat(b.get("/items/" + ID + "/status").getContent())
                    .contains("\"held\"")
                    .contains("ウイルス検査が一時的に使えません")
                    .contains("the virus scanner is unavailable for now")
                    .contains("2026-12-06T03:15:00Z");
        }
    }
}
