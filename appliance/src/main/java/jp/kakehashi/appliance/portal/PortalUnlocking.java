package jp.kakehashi.appliance.portal;

import jp.kakehashi.appliance.ppap.UnlockRefused;
import jp.kakehashi.appliance.ppap.Unlocks;
import jp.kakehashi.sanitizer.Password;
import jp.kakehashi.web.port.Unlocking;
import jp.kakehashi.web.port.User;

/** PPAP on the portals over {@link Unlocks}, which holds every rule. */
public final class PortalUnlocking implements Unlocking {
    private final Unlocks unlocks;

    public PortalUnlocking(Unlocks unlocks) {
        this.unlocks = unlocks;
    }

    @Override
    public boolean mayUnlock(User user, String itemId) {
        return unlocks.mayUnlock(itemId, user.name());
    }

    @Override
    public Result unlock(User user, String itemId, char[] password) {
        try (Password p = new Password(password)) {
            return new Result.Opened(unlocks.unlock(itemId, user.name(), p).id());
        } catch (UnlockRefused e) {
            return new Result.Refused(
                    e.reason().name(), e.reason().japanese(), e.reason().english());
        }
    }
}
