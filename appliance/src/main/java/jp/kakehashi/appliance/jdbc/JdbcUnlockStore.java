package jp.kakehashi.appliance.jdbc;

import java.time.Instant;
import java.util.Optional;
import jp.kakehashi.appliance.ppap.UnlockRefused;
import jp.kakehashi.appliance.ppap.UnlockStore;
import jp.kakehashi.appliance.store.Tx;

/** {@link UnlockStore} over the {@code unlock_attempts} table (outcome: {@code UNLOCKED} or the refusal's name). */
public final class JdbcUnlockStore implements UnlockStore {
    private static final String UNLOCKED = "UNLOCKED";

    @Override
    public void record(Tx tx, String item, String actor, Instant at, Outcome outcome) {
        Sql.update(
                tx,
                "INSERT INTO unlock_attempts (item, actor, at, outcome, unlocked_item) VALUES (?, ?, ?, ?, ?)",
                item,
                actor,
                at,
                switch (outcome) {
                    case Outcome.Opened o -> UNLOCKED;
                    case Outcome.Failed f -> f.reason().name();
                },
                switch (outcome) {
                    case Outcome.Opened o -> Optional.of(o.item());
                    case Outcome.Failed f -> Optional.empty();
                });
    }

    @Override
    public Optional<String> openedAs(Tx tx, String item) {
        return Sql.one(
                tx,
                "SELECT unlocked_item FROM unlock_attempts WHERE item = ? AND outcome = ?",
                rs -> rs.getString(1),
                item,
                UNLOCKED);
    }

    @Override
    public int wrongPasswordsSince(Tx tx, String item, Instant since) {
        return Sql.one(
                        tx,
                        "SELECT COUNT(*) FROM unlock_attempts WHERE item = ? AND outcome = ? AND at >= ?",
                        rs -> rs.getInt(1),
                        item,
                        UnlockRefused.Reason.WRONG_PASSWORD.name(),
                        since)
                .orElse(0);
    }
}
