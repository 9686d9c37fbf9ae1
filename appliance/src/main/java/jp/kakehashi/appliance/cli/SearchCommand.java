package jp.kakehashi.appliance.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import jp.kakehashi.appliance.base.DataDir;
import jp.kakehashi.appliance.identity.Account;
import jp.kakehashi.appliance.identity.Accounts;
import jp.kakehashi.appliance.identity.PasswordHasher;
import jp.kakehashi.appliance.index.SearchIndex;
import jp.kakehashi.appliance.item.Items;
import jp.kakehashi.appliance.item.TransferItem;
import jp.kakehashi.appliance.jdbc.JdbcIdentityStore;
import jp.kakehashi.appliance.jdbc.JdbcItemStore;
import jp.kakehashi.appliance.store.Database;
import jp.kakehashi.appliance.transfer.Exchange;
import jp.kakehashi.appliance.transfer.Person;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kakehashi search QUERY --user NAME}: what that account may see, and nothing else. */
@Command(name = "search", description = "Full-text search as a given user (全文検索). Prints one JSON object.")
final class SearchCommand implements Callable<Integer> {
    @Mixin
    DataOptions data = new DataOptions();

    @Parameters(index = "0", paramLabel = "QUERY")
    String query = "";

    @Option(names = "--user", required = true, paramLabel = "NAME")
    String user = "";

    @Option(names = "--limit", defaultValue = "20")
    int limit;

    @Override
    public Integer call() {
        DataDir dir = new DataDir(data.load().dataDir());
        try (Database db = Database.open(dir.database());
                SearchIndex index = SearchIndex.openReadOnly(dir.index())) {
            Optional<Account> account = new Accounts(
                            db, new JdbcIdentityStore(), new PasswordHasher(new SecureRandom()), Clock.systemUTC())
                    .find(user);
            if (account.isEmpty() || account.get().disabled()) {
                System.err.println("kakehashi search: no such account '" + user + "' (アカウントがありません)");
                return 64;
            }
            Person person = Person.of(account.get());
            Optional<Exchange.SearchScope> scope = Exchange.searchScope(person);
            Items items = new Items(db, new JdbcItemStore(), Clock.systemUTC());
            ObjectNode out = Json.object();
            out.put("query", query);
            out.put("user", person.name());
            ArrayNode hits = out.putArray("hits");
            List<String> found = scope.isEmpty()
                    ? List.of() // officers and administrators receive no files to find
                    : index.search(
                            query,
                            scope.get().zone(),
                            scope.get().organisation(),
                            scope.get().department(),
                            Math.max(1, Math.min(limit, 100)));
            for (String id : found) {
                Optional<TransferItem> item = items.find(id).filter(i -> Exchange.isRecipient(person, i));
                item.ifPresent(i -> hits.addObject()
                        .put("item", i.id())
                        .put("name", i.renditionName())
                        .put("from", i.sender())
                        .put("organisation", i.organisation())
                        .put("flow", i.flow().toString()));
            }
            Json.print(out);
            return 0;
        } catch (IllegalArgumentException e) {
            System.err.println("kakehashi search: " + e.getMessage());
            return 64;
        }
    }
}
