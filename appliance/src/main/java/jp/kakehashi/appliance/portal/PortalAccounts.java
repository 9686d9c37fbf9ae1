package jp.kakehashi.appliance.portal;

import java.util.Map;
import java.util.Optional;
import jp.kakehashi.appliance.audit.AuditEvent;
import jp.kakehashi.appliance.audit.AuditLog;
import jp.kakehashi.appliance.audit.AuditType;
import jp.kakehashi.appliance.identity.Account;
import jp.kakehashi.appliance.identity.Accounts;
import jp.kakehashi.appliance.identity.PasswordLinks;
import jp.kakehashi.appliance.identity.SecondFactors;
import jp.kakehashi.sanitizer.Escape;
import jp.kakehashi.web.port.AuditTrail;
import jp.kakehashi.web.port.Role;
import jp.kakehashi.web.port.User;
import jp.kakehashi.web.port.Verdict;
import jp.kakehashi.web.port.Zone;

/** The portals' account source and sign-in audit, over the appliance's own directory. */
public final class PortalAccounts implements jp.kakehashi.web.port.Accounts, AuditTrail {
    private final Accounts accounts;
    private final SecondFactors secondFactors;
    private final PasswordLinks links;
    private final AuditLog audit;

    public PortalAccounts(Accounts accounts, SecondFactors secondFactors, PasswordLinks links, AuditLog audit) {
        this.accounts = accounts;
        this.secondFactors = secondFactors;
        this.links = links;
        this.audit = audit;
    }

    @Override
    public Optional<String> passwordLink(String token, Zone zone) {
        return links.account(token)
                .flatMap(accounts::find)
                .filter(a -> !a.disabled() && Zones.web(a.zone()) == zone)
                .map(Account::name);
    }

    @Override
    public Verdict setPassword(String token, Zone zone, char[] password) {
        if (passwordLink(token, zone).isEmpty()) {
            return new Verdict.Refused(
                    "LINK_INVALID",
                    "このリンクは使えません。管理者に新しいリンクを依頼してください。",
                    "This link cannot be used. Ask your administrator for a new one.");
        }
        return switch (links.use(token, password)) {
            case PasswordLinks.Result.Set set -> new Verdict.Accepted(true);
            case PasswordLinks.Result.Refused r ->
                new Verdict.Refused(
                        r.refusal().code(), r.refusal().ja(), r.refusal().en());
        };
    }

    @Override
    public Optional<User> authenticate(String name, char[] password, Zone zone) {
        return accounts.authenticate(name, password, Zones.domain(zone)).map(PortalAccounts::user);
    }

    @Override
    public Optional<User> current(String name) {
        return accounts.find(name).filter(a -> !a.disabled()).map(PortalAccounts::user);
    }

    @Override
    public Optional<byte[]> totpSecret(String name) {
        return secondFactors.secret(name);
    }

    @Override
    public void enrolTotp(String name, byte[] secret) {
        secondFactors.enrol(name, secret);
    }

    @Override
    public void signedIn(User user, Zone zone, String source) {
        audit.append(new AuditEvent(
                AuditType.AUTH_SUCCESS, user.name(), zone.word(), "", Map.of("protocol", "https", "from", source)));
    }

    @Override
    public void signInRefused(String name, Zone zone, String source, String why) {
        audit.append(new AuditEvent(
                AuditType.AUTH_FAILURE,
                Escape.forReport(name.length() > 200 ? name.substring(0, 200) : name),
                zone.word(),
                "",
                Map.of("protocol", "https", "reason", why, "from", source)));
    }

    @Override
    public void signedOut(User user, Zone zone, String why) {
        audit.append(new AuditEvent(
                AuditType.SIGNED_OUT, user.name(), zone.word(), "", Map.of("protocol", "https", "reason", why)));
    }

    static User user(Account a) {
        return new User(a.name(), Role.valueOf(a.role().name()), a.organisation());
    }
}
