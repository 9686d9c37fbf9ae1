package jp.kakehashi.appliance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import jp.kakehashi.appliance.index.SearchIndex;
import jp.kakehashi.policies.Zone;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.cjk.CJKAnalyzer;
import org.apache.lucene.analysis.ja.JapaneseAnalyzer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.FSDirectory;

/**
 * B-INDEX, B-QUERY and B-NRT on generated Japanese documents (municipal prose: a vocabulary of
 * administrative nouns, katakana names, particles and verb endings; 2-8 KB each).
 *
 * <ul>
 *   <li>INDEX: docs/s into one IndexWriter per analyser with the same settings: Kuromoji (search
 *       mode), CJK bigrams, StandardAnalyzer as the ceiling, and what the appliance indexes
 *       (Kuromoji and bigrams of the same text).
 *   <li>QUERY: 1,000 queries of 1-3 words on the Kuromoji and the bigram index, p50/p95; and
 *       precision/recall on a labelled set: target words put inside sentences of known documents,
 *       and distractors in which the same characters straddle two words (京都 inside 東京都).
 *   <li>NRT: {@link SearchIndex#put} (it returns once the document is searchable) while 20
 *       documents a second are indexed beside it, against the naive peer: an IndexWriter reopened
 *       once a second, polled until the document shows.
 * </ul>
 */
final class BenchSearch {
    private static final String[] NOUNS = {
        "事業", "計画", "住民", "サービス", "向上", "業務", "効率", "担当課", "協議", "結果", "会議", "資料", "予算", "道路", "補修", "工事", "見積", "契約",
        "入札", "公告", "防災", "訓練", "避難所", "福祉", "介護", "保険", "子育て", "支援", "教育", "委員会", "図書館", "公民館", "上下水道", "ごみ", "収集",
        "環境", "保全", "観光", "振興", "商工会", "農業", "森林", "河川", "橋梁", "点検", "庁舎", "窓口", "申請", "届出", "証明書", "手数料", "条例", "規則",
        "要綱", "議会", "答弁", "広報", "地域", "自治会", "防犯", "交通", "安全", "健康", "診断", "予防", "接種", "施設", "管理", "委託", "報告", "調査",
        "統計", "人口", "世帯", "税務", "納付"
    };
    private static final String[] KATAKANA = {
        "システム", "データ", "クラウド", "ネットワーク", "セキュリティ", "マニュアル", "スケジュール", "プロジェクト", "アンケート", "イベント"
    };
    private static final String[] PARTICLES = {"の", "を", "に", "が", "は", "と", "で", "から", "について", "に関する"};
    private static final String[] ENDINGS = {
        "を実施します。", "について検討しました。", "を進めています。", "が必要です。", "を確認してください。", "に報告しました。", "を行う予定です。"
    };
    /** Words to find, each put inside sentences of known documents. */
    private static final String[] TARGETS = {"京都", "生物", "外国", "田中"};
    /** The same characters across two words: a bigram index finds them, a morpheme index should not. */
    private static final String[] DISTRACTORS = {"東京都", "学生物理", "海外国債", "水田中央"};

    private static final int NRT_SAMPLES = 200;

    private BenchSearch() {}

    /** One labelled document: its text and which target it holds as a word, or straddles (-1: none). */
    private record Doc(String text, int target, boolean distractor) {}

    static void index(Path work, int docs, int pairs) throws Exception {
        List<Doc> corpus = corpus(docs, new SplittableRandom(20261125));
        long bytes = corpus.stream()
                .mapToLong(d -> d.text().getBytes(StandardCharsets.UTF_8).length)
                .sum();
        Map<String, Supplier<Analyzer>> subjects = new LinkedHashMap<>();
        subjects.put("kuromoji", JapaneseAnalyzer::new);
        subjects.put("bigram", CJKAnalyzer::new);
        subjects.put("standard", StandardAnalyzer::new);
        subjects.put("appliance", BenchSearch::appliance);
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        for (int pair = -1; pair < pairs; pair++) {
            for (var s : subjects.entrySet()) {
                Path dir = work.resolve("index-" + s.getKey() + "-" + pair);
                // The warm-up round (pair -1) takes a slice: enough for the JIT, not another full run.
                List<Doc> docsThisRound = pair < 0 ? corpus.subList(0, Math.min(corpus.size(), 5_000)) : corpus;
                long start = System.nanoTime();
                build(dir, s.getValue().get(), docsThisRound, s.getKey().equals("appliance"));
                double rate = docsThisRound.size() / ((System.nanoTime() - start) / 1e9);
                if (pair >= 0) {
                    rates.computeIfAbsent(s.getKey(), k -> new ArrayList<>()).add(rate);
                }
                BenchProcesses.deleteTree(dir);
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        out.put("docs", String.valueOf(docs));
        out.put("mib", String.format("%.0f", bytes / 1048576.0));
        for (var r : rates.entrySet()) {
            out.put(r.getKey() + "_docs_per_s", String.format("%.0f", median(r.getValue())));
        }
        out.put("metric", "docs/s ratio, Kuromoji / bigram (BENCHMARKS: report; expect 0.3-0.7)");
        out.put("median_ratio", String.format("%.3f", median(rates.get("kuromoji")) / median(rates.get("bigram"))));
        out.put(
                "appliance_vs_kuromoji",
                String.format("%.3f", median(rates.get("appliance")) / median(rates.get("kuromoji"))));
        out.put("pairs", String.valueOf(pairs));
        BenchMain.report("B-INDEX", out);
    }

    static void query(Path work, int docs) throws Exception {
        List<Doc> corpus = corpus(docs, new SplittableRandom(20261125));
        Path kuromojiDir = work.resolve("kuromoji");
        Path bigramDir = work.resolve("bigram");
        build(kuromojiDir, new JapaneseAnalyzer(), corpus, false);
        build(bigramDir, new CJKAnalyzer(), corpus, false);
        SplittableRandom random = new SplittableRandom(7);
        List<String> queries = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            StringBuilder q = new StringBuilder();
            for (int w = 0, n = 1 + random.nextInt(3); w < n; w++) {
                q.append(w == 0 ? "" : " ").append(NOUNS[random.nextInt(NOUNS.length)]);
            }
            queries.add(q.toString());
        }
        Map<String, String> out = new LinkedHashMap<>();
        out.put("docs", String.valueOf(docs));
        try (Searcher kuromoji = new Searcher(kuromojiDir, new JapaneseAnalyzer());
                Searcher bigram = new Searcher(bigramDir, new CJKAnalyzer())) {
            for (String q : queries.subList(0, 100)) {
                kuromoji.latency(q);
                bigram.latency(q);
            }
            List<Double> k = new ArrayList<>();
            List<Double> b = new ArrayList<>();
            for (String q : queries) {
                k.add(kuromoji.latency(q));
                b.add(bigram.latency(q));
            }
            double kp95 = BenchE2e.percentile(k, 95);
            double bp95 = BenchE2e.percentile(b, 95);
            out.put("kuromoji_p50_ms", String.format("%.2f", BenchE2e.percentile(k, 50)));
            out.put("kuromoji_p95_ms", String.format("%.2f", kp95));
            out.put("bigram_p50_ms", String.format("%.2f", BenchE2e.percentile(b, 50)));
            out.put("bigram_p95_ms", String.format("%.2f", bp95));
            out.put("metric", "p95 latency ratio bigram / Kuromoji (> 1: Kuromoji faster); target p95 <= 50 ms");
            out.put("median_ratio", String.format("%.3f", bp95 / kp95));
            for (int t = 0; t < TARGETS.length; t++) {
                String word = TARGETS[t];
                int relevant = 0;
                for (Doc d : corpus) {
                    if (d.target() == t && !d.distractor()) {
                        relevant++;
                    }
                }
                for (var s : List.of(Map.entry("kuromoji", kuromoji), Map.entry("bigram", bigram))) {
                    int found = 0;
                    int right = 0;
                    for (int id : s.getValue().all(word)) {
                        found++;
                        Doc d = corpus.get(id);
                        if (d.target() == t && !d.distractor()) {
                            right++;
                        }
                    }
                    out.put(
                            s.getKey() + "_" + word,
                            String.format(
                                    "precision %.3f recall %.3f",
                                    found == 0 ? 0.0 : (double) right / found,
                                    relevant == 0 ? 0.0 : (double) right / relevant));
                }
            }
        }
        BenchMain.report("B-QUERY", out);
    }

    static void nrt(Path work) throws Exception {
        List<Doc> corpus = corpus(NRT_SAMPLES * 10, new SplittableRandom(11));
        List<Double> ours = new ArrayList<>();
        List<Double> folder = new ArrayList<>();
        try (SearchIndex index = SearchIndex.open(work.resolve("nrt-ours"))) {
            AtomicBoolean running = new AtomicBoolean(true);
            Thread load = Thread.ofPlatform().start(() -> {
                for (int i = 0; running.get(); i++) {
                    index.put(
                            "load" + i,
                            "負荷.txt",
                            corpus.get(i % corpus.size()).text(),
                            Zone.LGWAN,
                            "acme",
                            "text/plain",
                            Instant.now());
                    sleep(50);
                }
            });
            for (int i = 0; i < NRT_SAMPLES; i++) {
                String unique = "確認番号" + uniqueWord(i);
                long start = System.nanoTime();
                index.put(
                        "probe" + i,
                        "確認.txt",
                        unique + "。" + corpus.get(i).text(),
                        Zone.LGWAN,
                        "acme",
                        "text/plain",
                        Instant.now());
                if (!index.search("\"" + unique + "\"", Zone.LGWAN, Optional.empty(), 10)
                        .contains("probe" + i)) {
                    throw new IllegalStateException("put returned before the document was searchable");
                }
                ours.add((System.nanoTime() - start) / 1e6);
                sleep(37);
            }
            // A shared-folder version: its text is stored as well, and the search marks a snippet.
            for (int i = 0; i < NRT_SAMPLES; i++) {
                String unique = "共有番号" + uniqueWord(i);
                long start = System.nanoTime();
                index.putInFolder(
                        "folder" + i,
                        "共有.txt",
                        unique + "。" + corpus.get(i).text(),
                        Zone.LGWAN,
                        "acme",
                        "text/plain",
                        Instant.now(),
                        1,
                        "計測");
                List<SearchIndex.FolderHit> hits =
                        index.searchFolders("\"" + unique + "\"", Set.of(1L), 10, id -> true);
                String id = "folder" + i;
                if (hits.stream().noneMatch(h -> h.itemId().equals(id))
                        || hits.get(0).snippet().stream().noneMatch(SearchIndex.Fragment::match)) {
                    throw new IllegalStateException("a folder version was not searchable, or not marked, on return");
                }
                folder.add((System.nanoTime() - start) / 1e6);
                sleep(37);
            }
            running.set(false);
            load.join();
        }
        List<Double> peer = new ArrayList<>();
        try (FSDirectory dir = FSDirectory.open(work.resolve("nrt-peer"));
                IndexWriter writer = new IndexWriter(dir, new IndexWriterConfig(new JapaneseAnalyzer()))) {
            SearcherManager manager = new SearcherManager(writer, null);
            AtomicBoolean running = new AtomicBoolean(true);
            Thread reopen = Thread.ofPlatform().start(() -> {
                while (running.get()) {
                    sleep(1_000);
                    try {
                        manager.maybeRefresh();
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
            Thread load = Thread.ofPlatform().start(() -> {
                for (int i = 0; running.get(); i++) {
                    try {
                        writer.addDocument(
                                doc("load" + i, corpus.get(i % corpus.size()).text(), false));
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                    sleep(50);
                }
            });
            for (int i = 0; i < NRT_SAMPLES / 4; i++) {
                String id = "probe" + i;
                long start = System.nanoTime();
                writer.addDocument(doc(id, corpus.get(i).text(), false));
                while (!visible(manager, id)) {
                    sleep(2);
                }
                peer.add((System.nanoTime() - start) / 1e6);
            }
            running.set(false);
            reopen.join();
            load.join();
            manager.close();
        }
        double ourP95 = BenchE2e.percentile(ours, 95);
        double peerP95 = BenchE2e.percentile(peer, 95);
        BenchMain.report(
                "B-NRT",
                Map.of(
                        "metric",
                        "p95 add-to-visible ratio, peer (1 s reopen) / ours; target ours p95 <= 100 ms",
                        "our_p50_ms",
                        String.format("%.1f", BenchE2e.percentile(ours, 50)),
                        "our_p95_ms",
                        String.format("%.1f", ourP95),
                        "peer_p50_ms",
                        String.format("%.1f", BenchE2e.percentile(peer, 50)),
                        "peer_p95_ms",
                        String.format("%.1f", peerP95),
                        "median_ratio",
                        String.format("%.2f", peerP95 / ourP95),
                        "folder_p50_ms",
                        String.format("%.1f", BenchE2e.percentile(folder, 50)),
                        "folder_p95_ms",
                        String.format("%.1f", BenchE2e.percentile(folder, 95)),
                        "note",
                        "ours: SearchIndex.put (update, commit with fsync, refresh) while 20 docs/s are put beside it;"
                                + " folder: putInFolder (text stored) until searchFolders returns it with a marked snippet"));
    }

    /** A searcher over one finished index, asking each query as that analyser's index is meant to be asked. */
    private static final class Searcher implements AutoCloseable {
        private final FSDirectory dir;
        private final DirectoryReader reader;
        private final IndexSearcher searcher;
        private final Analyzer analyzer;
        private final boolean bigram;

        Searcher(Path path, Analyzer analyzer) throws IOException {
            this.dir = FSDirectory.open(path);
            this.reader = DirectoryReader.open(dir);
            this.searcher = new IndexSearcher(reader);
            this.analyzer = analyzer;
            this.bigram = analyzer instanceof CJKAnalyzer;
        }

        double latency(String query) throws IOException {
            long start = System.nanoTime();
            searcher.search(query(query), 10);
            return (System.nanoTime() - start) / 1e6;
        }

        List<Integer> all(String word) throws IOException {
            StoredFields fields = searcher.storedFields();
            List<Integer> ids = new ArrayList<>();
            for (ScoreDoc hit : searcher.search(query(word), 100_000).scoreDocs) {
                ids.add(Integer.parseInt(fields.document(hit.doc).get("id")));
            }
            return ids;
        }

        /** Every word must occur: as Kuromoji's terms, or as a phrase of bigrams. */
        private Query query(String text) throws IOException {
            BooleanQuery.Builder all = new BooleanQuery.Builder();
            for (String word : text.split(" ")) {
                List<String> terms = new ArrayList<>();
                List<Integer> positions = new ArrayList<>();
                try (TokenStream ts = analyzer.tokenStream("text", word)) {
                    CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
                    PositionIncrementAttribute inc = ts.addAttribute(PositionIncrementAttribute.class);
                    ts.reset();
                    int position = -1;
                    while (ts.incrementToken()) {
                        if (inc.getPositionIncrement() > 0) {
                            position += inc.getPositionIncrement();
                            terms.add(term.toString());
                            positions.add(position);
                        }
                    }
                    ts.end();
                }
                if (bigram) {
                    PhraseQuery.Builder p = new PhraseQuery.Builder();
                    for (int i = 0; i < terms.size(); i++) {
                        p.add(new Term("text", terms.get(i)), positions.get(i) - positions.get(0));
                    }
                    all.add(p.build(), BooleanClause.Occur.MUST);
                } else {
                    for (String t : terms) {
                        all.add(new TermQuery(new Term("text", t)), BooleanClause.Occur.MUST);
                    }
                }
            }
            return all.build();
        }

        @Override
        public void close() throws IOException {
            reader.close();
            dir.close();
        }
    }

    private static Analyzer appliance() {
        return new PerFieldAnalyzerWrapper(new JapaneseAnalyzer(), Map.of("text_bi", new CJKAnalyzer()));
    }

    private static void build(Path dir, Analyzer analyzer, List<Doc> corpus, boolean withBigrams) throws IOException {
        IndexWriterConfig config = new IndexWriterConfig(analyzer).setRAMBufferSizeMB(64);
        try (FSDirectory d = FSDirectory.open(dir);
                IndexWriter writer = new IndexWriter(d, config)) {
            for (int i = 0; i < corpus.size(); i++) {
                writer.addDocument(doc(String.valueOf(i), corpus.get(i).text(), withBigrams));
            }
            writer.commit();
        }
    }

    private static Document doc(String id, String text, boolean withBigrams) {
        Document doc = new Document();
        doc.add(new StringField("id", id, Field.Store.YES));
        doc.add(new TextField("text", text, Field.Store.NO));
        if (withBigrams) {
            doc.add(new TextField("text_bi", text, Field.Store.NO));
        }
        return doc;
    }

    private static boolean visible(SearcherManager manager, String id) throws IOException {
        IndexSearcher s = manager.acquire();
        try {
            return s.count(new TermQuery(new Term("id", id))) > 0;
        } finally {
            manager.release(s);
        }
    }

    /** Generated documents; one in 50 holds a target word, one in 50 a distractor for it. */
    private static List<Doc> corpus(int docs, SplittableRandom random) {
        List<Doc> out = new ArrayList<>(docs);
        for (int i = 0; i < docs; i++) {
            int size = 2_048 + random.nextInt(6_144);
            StringBuilder d = new StringBuilder(size / 2);
            int target = random.nextInt(50) < 2 ? random.nextInt(TARGETS.length) : -1;
            boolean distractor = target >= 0 && random.nextBoolean();
            int insertAt = random.nextInt(Math.max(1, size / 300));
            int sentence = 0;
            // Kana and kanji are three bytes each in UTF-8; close enough for a size.
            while (d.length() * 3 < size) {
                if (target >= 0 && sentence == insertAt) {
                    d.append(distractor ? DISTRACTORS[target] : TARGETS[target])
                            .append(PARTICLES[random.nextInt(PARTICLES.length)]);
                }
                d.append(NOUNS[random.nextInt(NOUNS.length)]).append(PARTICLES[random.nextInt(PARTICLES.length)]);
                if (random.nextInt(4) == 0) {
                    d.append(KATAKANA[random.nextInt(KATAKANA.length)]).append("の");
                }
                d.append(NOUNS[random.nextInt(NOUNS.length)]).append(ENDINGS[random.nextInt(ENDINGS.length)]);
                if (random.nextInt(6) == 0) {
                    d.append("令和").append(1 + random.nextInt(8)).append("年度").append('\n');
                }
                sentence++;
            }
            out.add(new Doc(d.toString(), target, distractor));
        }
        return out;
    }

    /** A word no generated document holds, different for each i: kana spelled from i's digits. */
    private static String uniqueWord(int i) {
        String kana = "アイウエオカキクケコ";
        StringBuilder s = new StringBuilder("ヴ");
        for (char c : String.format("%04d", i).toCharArray()) {
            s.append(kana.charAt(c - '0'));
        }
        return s.toString();
    }

    private static double median(List<Double> values) {
        return BenchE2e.percentile(values, 50);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
