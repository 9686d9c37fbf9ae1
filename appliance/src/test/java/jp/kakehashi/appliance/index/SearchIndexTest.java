package jp.kakehashi.appliance.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import jp.kakehashi.policies.Zone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Japanese documents found by words inside sentences, phrases, prefixes and filters, only where asked. */
class SearchIndexTest {
    @TempDir
    Path tmp;

    private SearchIndex index;

    @BeforeEach
    void fill() {
        index = SearchIndex.open(tmp.resolve("index"));
        index.put(
                "road",
                "道路補修見積書.pdf",
                "市道三号線の道路補修工事について見積もりを提出します。",
                Zone.LGWAN,
                "acme",
                "application/pdf",
                Instant.parse("2026-11-20T01:00:00Z"));
        index.put(
                "minutes",
                "議事録.docx",
                "第三回の会議では、関西国際空港への連絡道路の計画を議論した。",
                Zone.LGWAN,
                "npo-hikari",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                Instant.parse("2026-10-31T16:00:00Z"));
        index.put(
                "draft",
                "見積書_下書き.txt",
                "道路の見積もりの下書きです。",
                Zone.LGWAN,
                "acme",
                "text/plain",
                Instant.parse("2026-11-24T03:00:00Z"));
        index.put(
                "outside",
                "道路.txt",
                "道路補修の連絡です。",
                Zone.INTERNET,
                "acme",
                "text/plain",
                Instant.parse("2026-11-20T01:00:00Z"));
    }

    @AfterEach
    void close() {
        index.close();
    }

    private java.util.List<String> find(String query) {
        return index.search(query, Zone.LGWAN, Optional.empty(), 10);
    }

    @Test
    void aWordInsideASentenceIsFoundAndOnlyInTheZoneAsked() {
        assertThat(find("補修")).containsExactly("road");
        assertThat(find("空港")).containsExactly("minutes");
        assertThat(index.search("補修", Zone.INTERNET, Optional.empty(), 10)).containsExactly("outside");
        assertThat(index.search("道路", Zone.LGWAN, Optional.of("npo-hikari"), 10))
                .containsExactly("minutes");
    }

    @Test
    void operatorsPhrasesAndPrefixes() {
        assertThat(find("道路 -下書き")).containsExactlyInAnyOrder("road", "minutes");
        assertThat(find("空港 OR 補修")).containsExactlyInAnyOrder("road", "minutes");
        assertThat(find("\"関西国際空港への連絡道路\"")).containsExactly("minutes");
        assertThat(find("\"道路の計画\"")).containsExactly("minutes");
        assertThat(find("\"会議の計画\"")).as("the words apart in the text").isEmpty();
        assertThat(find("name:見積*")).containsExactlyInAnyOrder("road", "draft");
        assertThat(find("ＤＯＣ*"))
                .as("full-width, upper case, in the name's extension")
                .containsExactly("minutes");
    }

    @Test
    void aJapanesePrefixFindsWhatTheWordItselfFinds() {
        index.put(
                "watch",
                "活動報告.txt",
                "高齢者の見守り活動と、子どもを見守る地域の取り組み。",
                Zone.LGWAN,
                "npo-hikari",
                "text/plain",
                Instant.parse("2026-11-20T01:00:00Z"));
        // The analyser files 見守り under 見守る: a prefix of the typed form found nothing before.
        assertThat(find("見守り")).containsExactly("watch");
        assertThat(find("見守り*")).containsExactly("watch");
        assertThat(find("見守*")).containsExactly("watch");
        assertThat(find("見積*")).as("in the text, not only in names").containsExactlyInAnyOrder("road", "draft");
        assertThat(find("見守り* -高齢者")).isEmpty();
    }

    @Test
    void filtersByPartnerTypeAndJapaneseDate() {
        assertThat(find("道路 partner:acme")).containsExactlyInAnyOrder("road", "draft");
        assertThat(find("道路 type:pdf")).containsExactly("road");
        assertThat(find("道路 type:docx")).containsExactly("minutes");
        assertThat(find("道路 type:text/plain")).containsExactly("draft");
        // 2026-10-31T16:00Z is 2026-11-01 in Japan.
        assertThat(find("道路 date:2026-11")).containsExactlyInAnyOrder("road", "minutes", "draft");
        assertThat(find("道路 date:2026-11-24")).containsExactly("draft");
    }

    @Test
    void namesTheDictionaryCutsElsewhereAreFoundAsCharactersInARow() {
        index.put(
                "contract",
                "契約書.pdf",
                "株式会社カケハシ建設と道路維持の契約を結ぶ。",
                Zone.LGWAN,
                "acme",
                "application/pdf",
                Instant.parse("2026-11-20T01:00:00Z"));
        assertThat(find("シ建設")).as("across the words Kuromoji found").containsExactly("contract");
        assertThat(find("カケハシ建設")).containsExactly("contract");
        assertThat(find("\"路維持\"")).containsExactly("contract");
        assertThat(find("ハシ道")).isEmpty();
    }

    @Test
    void aSharedFolderVersionIsNeverAnInboxHit() {
        index.putInFolder(
                "folder-version",
                "補修計画.docx",
                "市道三号線の補修計画の第二版です。",
                Zone.LGWAN,
                "acme",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                Instant.parse("2026-11-20T01:00:00Z"),
                7,
                "市道三号線");
        assertThat(find("補修計画")).doesNotContain("folder-version");
        assertThat(index.search("補修計画", Zone.LGWAN, Optional.of("acme"), 10)).doesNotContain("folder-version");
    }

    @Test
    void aFolderSearchFindsOnlyTheFoldersAskedWithTheMatchedWordsMarked() {
        String docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
        Instant at = Instant.parse("2026-11-20T01:00:00Z");
        index.putInFolder(
                "plan", "補修計画.docx", "前文です。市道三号線の補修計画を、来年度の予算で進めます。以上。", Zone.LGWAN, "acme", docx, at, 7, "市道三号線");
        index.putInFolder("secret", "人事案.docx", "補修計画とは関係のない人事案です。", Zone.LGWAN, "", docx, at, 8, "人事 2026");

        List<SearchIndex.FolderHit> hits = index.searchFolders("予算", Set.of(7L, 8L), 10, id -> true);
        assertThat(hits).extracting(SearchIndex.FolderHit::itemId).containsExactly("plan");
        assertThat(hits.get(0).folder()).isEqualTo(7);
        assertThat(hits.get(0).snippet())
                .as("the passage, with the word inside the sentence marked")
                .contains(new SearchIndex.Fragment("予算", true))
                .anySatisfy(f -> assertThat(f.text()).contains("来年度の"));
        assertThat(index.searchFolders("補修計画", Set.of(7L), 10, id -> true))
                .as("a folder the user is not a member of is never asked")
                .extracting(SearchIndex.FolderHit::itemId)
                .containsExactly("plan");
        assertThat(index.searchFolders("補修計画", Set.of(), 10, id -> true)).isEmpty();
        assertThat(index.searchFolders("補修計画", Set.of(7L, 8L), 10, id -> !id.equals("plan")))
                .as("a hit the caller does not accept (an old version) is passed over")
                .extracting(SearchIndex.FolderHit::itemId)
                .containsExactly("secret");
        assertThat(index.searchFolders("補修計画 folder:\"人事 2026\"", Set.of(7L, 8L), 10, id -> true))
                .extracting(SearchIndex.FolderHit::itemId)
                .containsExactly("secret");
        assertThat(index.searchFolders("ハシ建", Set.of(7L, 8L), 10, id -> true)).isEmpty();
        assertThat(index.searchFolders("三号", Set.of(7L, 8L), 10, id -> true))
                .as("found through bigrams, and still marked")
                .singleElement()
                .satisfies(h -> assertThat(h.snippet()).anyMatch(SearchIndex.Fragment::match));
    }

    @Test
    void aQueryOfOnlyParticlesHasNothingToSearch() {
        assertThatThrownBy(() -> find("の"))
                .isInstanceOfSatisfying(
                        SearchQuery.Refused.class, r -> assertThat(r.code()).isEqualTo("NO_WORDS"));
    }
}
