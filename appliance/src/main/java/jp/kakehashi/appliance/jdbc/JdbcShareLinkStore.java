package jp.kakehashi.appliance.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import jp.kakehashi.appliance.folders.ShareLinkStore;
import jp.kakehashi.appliance.folders.ShareLinks.ShareLink;
import jp.kakehashi.appliance.store.Tx;

/** {@link ShareLinkStore} over the {@code share_links} table. */
public final class JdbcShareLinkStore implements ShareLinkStore {
    @Override
    public ShareLink insert(Tx tx, NewLink l) {
        long id = Sql.insert(
                        tx,
                        "INSERT INTO share_links (token_sha256, file, number, recipient, password, max_downloads,"
                                + " created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        l.tokenSha256(),
                        l.file(),
                        l.number(),
                        l.recipient(),
                        l.passwordPhc(),
                        l.maxDownloads(),
                        l.createdBy(),
                        l.createdAt(),
                        l.expiresAt())
                .orElseThrow();
        return link(tx, id).orElseThrow();
    }

    @Override
    public Optional<ShareLink> link(Tx tx, long id) {
        return Sql.one(tx, "SELECT * FROM share_links WHERE id = ?", JdbcShareLinkStore::link, id);
    }

    @Override
    public Optional<ShareLink> withToken(Tx tx, String tokenSha256) {
        return Sql.one(tx, "SELECT * FROM share_links WHERE token_sha256 = ?", JdbcShareLinkStore::link, tokenSha256);
    }

    @Override
    public List<ShareLink> ofFile(Tx tx, long file) {
        return Sql.list(
                tx, "SELECT * FROM share_links WHERE file = ? ORDER BY id DESC", JdbcShareLinkStore::link, file);
    }

    @Override
    public Optional<String> passwordOf(Tx tx, long id) {
        return Sql.one(
                        tx,
                        "SELECT password FROM share_links WHERE id = ?",
                        rs -> Optional.ofNullable(rs.getString(1)),
                        id)
                .flatMap(p -> p);
    }

    @Override
    public boolean revoke(Tx tx, long id, String by, Instant at) {
        return Sql.update(
                        tx,
                        "UPDATE share_links SET revoked_by = ?, revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                        by,
                        at,
                        id)
                == 1;
    }

    @Override
    public void countWrongPassword(Tx tx, long id) {
        Sql.update(tx, "UPDATE share_links SET failures = failures + 1 WHERE id = ?", id);
    }

    @Override
    public boolean countDownload(Tx tx, long id) {
        return Sql.update(
                        tx,
                        "UPDATE share_links SET downloads = downloads + 1"
                                + " WHERE id = ? AND downloads < max_downloads AND revoked_at IS NULL",
                        id)
                == 1;
    }

    private static ShareLink link(ResultSet rs) throws SQLException {
        String revoked = rs.getString("revoked_at");
        return new ShareLink(
                rs.getLong("id"),
                rs.getLong("file"),
                rs.getInt("number"),
                rs.getString("recipient"),
                rs.getString("password") != null,
                rs.getInt("max_downloads"),
                rs.getInt("downloads"),
                rs.getInt("failures"),
                rs.getString("created_by"),
                Instant.parse(rs.getString("created_at")),
                Instant.parse(rs.getString("expires_at")),
                revoked == null ? Optional.empty() : Optional.of(Instant.parse(revoked)));
    }
}
