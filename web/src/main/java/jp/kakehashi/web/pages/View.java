package jp.kakehashi.web.pages;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import jp.kakehashi.web.port.ItemView;
import jp.kakehashi.web.port.User;
import jp.kakehashi.web.port.Zone;

/**
 * What every page needs: the language, the zone, who is signed in, the CSRF token for its forms
 * and the navigation this person may use.
 *
 * @param path the path of the page, to mark the current navigation entry
 */
public record View(Text text, Zone zone, Optional<User> user, String csrf, String path, List<Nav> nav) {
    public View {
        requireNonNull(text, "text");
        requireNonNull(zone, "zone");
        requireNonNull(user, "user");
        requireNonNull(csrf, "csrf");
        requireNonNull(path, "path");
        nav = List.copyOf(nav);
    }

    /** One entry of the navigation bar. */
    public record Nav(String path, String key) {}

    public String t(String key) {
        return text.get(key);
    }

    /** A text with one thing named in it, at its {@code {0}}: 「見積書.docx をダウンロード」, "Download 見積書.docx". */
    public String t(String key, String named) {
        return text.get(key).replace("{0}", named);
    }

    /**
     * What the sender of a file that did not cross can do next: the reason's own advice
     * ({@code next.MALWARE}), else its state's ({@code next.QUARANTINED}); empty when neither.
     */
    public String nextStep(jp.kakehashi.web.port.Stage stage, String code) {
        return text.find("next." + code)
                .or(() -> text.find("next." + stage.name()))
                .orElse("");
    }

    public String lang() {
        return text.lang();
    }

    public boolean english() {
        return "en".equals(text.lang());
    }

    /** A sender or recipient in the page's language. */
    public String name(ItemView.Party party) {
        return english() ? party.en() : party.ja();
    }

    public String zoneName() {
        return english() ? zone.word() : zone.japanese();
    }

    public String roleName() {
        return user.map(u -> english() ? u.role().english() : u.role().japanese())
                .orElse("");
    }
}
