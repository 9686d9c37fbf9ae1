package jp.kakehashi.appliance.portal;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import jp.kakehashi.appliance.identity.PersonalTokens;
import jp.kakehashi.web.port.ApiTokenView;
import jp.kakehashi.web.port.ApiTokens;
import jp.kakehashi.web.port.User;
import jp.kakehashi.web.port.Zone;

/** The portals' API tokens over {@link PersonalTokens}; a token's account must still be enabled and of the zone asked. */
public final class PortalApiTokens implements ApiTokens {
    private final PersonalTokens tokens;
    private final PortalAccounts accounts;

    public PortalApiTokens(PersonalTokens tokens, PortalAccounts accounts) {
        this.tokens = tokens;
        this.accounts = accounts;
    }

    @Override
    public Optional<User> user(String token, Zone zone) {
        return tokens.account(token)
                .flatMap(accounts::current)
                .filter(u -> u.role().zone() == zone);
    }

    @Override
    public List<ApiTokenView> tokens(User user) {
        return tokens.of(user.name()).stream().map(PortalApiTokens::view).toList();
    }

    @Override
    public Created create(User user, String label, Duration lifetime) {
        PersonalTokens.Made made = tokens.make(user.name(), label, lifetime);
        return new Created(made.token(), view(made.entry()));
    }

    @Override
    public boolean revoke(User user, long id) {
        return tokens.revoke(user.name(), id, user.name());
    }

    private static ApiTokenView view(PersonalTokens.Entry e) {
        return new ApiTokenView(e.id(), e.label(), e.createdAt(), e.expiresAt(), e.lastUsedAt(), e.revoked());
    }
}
