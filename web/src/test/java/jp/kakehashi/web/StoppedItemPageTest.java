package jp.kakehashi.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import jp.kakehashi.web.port.ItemView;
import jp.kakehashi.web.port.Role;
import jp.kakehashi.web.port.Stage;
import jp.kakehashi.web.port.User;
import jp.kakehashi.web.port.Zone;
import org.junit.jupiter.api.Test;

/** A file that did not cross tells its sender what to do next, not only a code. */
class StoppedItemPageTest {
    private static final String ID = "0000000000000000000000c8";

    @Test
    void aSenderWhoseFileHeldMalwareIsToldWhatToDoNext() throws Exception {
        String page = pageOf(
                Stage.QUARANTINED,
                new ItemView.Reason("MALWARE", "マルウェアが検出されました", "Malware was detected", "Eicar-Signature"));
        assertThat(page)
                .contains("マルウェアが検出されました", "Eicar-Signature")
                .contains("id=\"next-step\"", "ウイルス対策ソフトで検査し", "送り先に渡りません");
    }

    @Test
    void aReasonWithoutAdviceOfItsOwnGetsTheAdviceOfItsState() throws Exception {
        String page = pageOf(
                Stage.BLOCKED,
                new ItemView.Reason("EXECUTABLE", "実行ファイルやスクリプトは受け渡しできません", "Programs cannot be transferred", ""));
        assertThat(page).contains("上の理由のとおりに直したファイルを、改めて送ってください。");
    }

    private static String pageOf(Stage stage, ItemView.Reason reason) throws Exception {
        try (LocalPortals portals = new LocalPortals()) {
            User partner = portals.ports.add("acme-sato", Role.PARTNER, "acme");
            ItemView i = portals.ports.item(ID, "請求書.docx", partner, stage);
            portals.ports.items.add(new ItemView(
                    i.id(),
                    i.name(),
                    i.sender(),
                    i.organisation(),
                    i.from(),
                    i.to(),
                    i.size(),
                    i.stage(),
                    Optional.of(reason),
                    i.receiptJa(),
                    i.receiptEn(),
                    i.removed(),
                    i.deliveredAs(),
                    i.receivedAt(),
                    i.updatedAt(),
                    i.queuePosition(),
                    i.downloadedAt(),
                    i.held(),
                    i.sentBy(),
                    i.sentTo(),
                    i.note()));
            Browser b = portals.browser(Zone.INTERNET);
            b.signIn("acme-sato");
            return b.get("/items/" + ID).getContent();
        }
    }
}
