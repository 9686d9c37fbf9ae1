package jp.kakehashi.appliance.pipeline;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
import jp.kakehashi.appliance.item.Items;
import jp.kakehashi.appliance.item.TransferItem;
import jp.kakehashi.appliance.store.BlobId;
import jp.kakehashi.policies.Facts;
import jp.kakehashi.sanitizer.FileSanitizer;

/**
 * What an approver sees first (JSON): the masked DLP findings, what the sanitizer removed and, for
 * a new version of a file already sent, what changed in its text since then.
 */
final class ApprovalFindings {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Items items;
    private final FileSanitizer sanitizer;

    ApprovalFindings(Items items, FileSanitizer sanitizer) {
        this.items = requireNonNull(items, "items");
        this.sanitizer = requireNonNull(sanitizer, "sanitizer");
    }

    /** The last published version of this file and what changed in its text since. */
    record VersionChanges(TransferItem previous, TextChanges text) {}

    /** @param text the text of the item's rendition, as the content decision read it */
    String of(TransferItem item, Facts facts, String text, Workspace workspace) {
        var root = JSON.createObjectNode();
        var dlp = root.putArray("dlp");
        facts.content()
                .ifPresent(content -> content.dlp().forEach(f -> {
                    var o = dlp.addObject()
                            .put("detector", f.detector())
                            .put("count", f.count())
                            .put("example", f.example());
                    f.members().forEach(o.putArray("members")::add);
                }));
        root.set("removed", Removals.read(item.removals()));
        changesSinceLastVersion(item, text, workspace).ifPresent(v -> {
            var c = root.putObject("changes")
                    .put("previousItem", v.previous().id())
                    .put("previousSha256", v.previous().renditionSha256())
                    .put("previousAt", v.previous().createdAt().toString())
                    .put("linesRemoved", v.text().linesRemoved())
                    .put("linesAdded", v.text().linesAdded())
                    .put("complete", v.text().complete());
            var passages = c.putArray("passages");
            for (TextChanges.Passage p : v.text().passages()) {
                var o = passages.addObject().put("line", p.line());
                p.removed().forEach(o.putArray("removed")::add);
                p.added().forEach(o.putArray("added")::add);
            }
        });
        return root.toString();
    }

    private Optional<VersionChanges> changesSinceLastVersion(TransferItem item, String text, Workspace workspace) {
        Optional<TransferItem> previous = items.previousVersion(item);
        if (previous.isEmpty() || previous.get().renditionBlob().isEmpty()) {
            return Optional.empty();
        }
        TransferItem p = previous.get();
        String before =
                sanitizer.extractText(workspace.copyOut(new BlobId(p.renditionBlob()), "previous"), p.renditionType());
        return Optional.of(new VersionChanges(p, TextChanges.between(before, text)));
    }
}
