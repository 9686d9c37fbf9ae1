package jp.kakehashi.appliance.transfer;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import jp.kakehashi.appliance.identity.Names;
import jp.kakehashi.appliance.item.TransferItem;
import jp.kakehashi.policies.Zone;

/**
 * Who sent a file and whom it is for, as people name them: the one wording for every page,
 * receipt and notice.
 */
public final class Parties {
    /** A sender or recipient in both languages. */
    public record Named(String ja, String en) {
        public Named {
            requireNonNull(ja, "ja");
            requireNonNull(en, "en");
        }

        static Named same(String both) {
            return new Named(both, both);
        }
    }

    private Parties() {}

    /** The sender by 氏名, with the partner organisation or the 課 they send for: 「田中 太郎（NPO法人ひかり）」. */
    public static Named sentBy(TransferItem i, Names names) {
        Optional<String> on = i.flow().from() == Zone.INTERNET
                ? Optional.of(names.organisation(i.organisation()))
                : i.department().map(names::department);
        String who = names.person(i.sender());
        return Named.same(on.map(o -> who + "（" + o + "）").orElse(who));
    }

    /** The 課 a partner's file is addressed to, the organisation a staff member's goes to, or the zone. */
    public static Named sentTo(TransferItem i, Names names) {
        if (i.inFolder()) {
            return new Named("共有フォルダ", "Shared folder");
        }
        return switch (i.flow().to()) {
            case LGWAN -> {
                Optional<String> department = i.department().map(names::department);
                if (i.recipient().isPresent()) {
                    String who = names.person(i.recipient().get());
                    yield Named.same(department.map(d -> who + "（" + d + "）").orElse(who));
                }
                yield department.map(Named::same).orElse(new Named("市役所（課の指定なし）", "The city (no department named)"));
            }
            case INTERNET -> Named.same(names.organisation(i.organisation()));
            case MYNUMBER -> new Named("マイナンバー利用事務系", "My Number zone");
        };
    }
}
