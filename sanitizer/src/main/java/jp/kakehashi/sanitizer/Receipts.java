package jp.kakehashi.sanitizer;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The short text staff and senders read about a disarmed file, in Japanese and English: what was
 * removed, what that means in practice, and what the reader can do to get the full version.
 */
public final class Receipts {
    /** A receipt in both languages. */
    public record Receipt(String ja, String en) {
        public Receipt {
            requireNonNull(ja, "ja");
            requireNonNull(en, "en");
        }
    }

    private static final Map<String, List<String>> BY_KIND = Map.ofEntries(
            line(
                    "macro",
                    "マクロ",
                    "macro",
                    "マクロを削除しました。表・計算式・書式はそのまま使えます。",
                    "Macros were removed. Tables, formulas and formatting still work."),
            line(
                    "external-reference",
                    "外部への参照",
                    "outside reference",
                    "外部のテンプレート・画像・データへの参照を削除しました。文書の内容はそのままです。",
                    "Links that load templates, images or data from elsewhere were removed. The content is unchanged."),
            line(
                    "dde",
                    "他のプログラムを起動するフィールド",
                    "field that starts a program",
                    "他のプログラムを起動するフィールド (DDE など) を削除しました。表示されていた値は残っています。",
                    "Fields that start other programs (DDE and similar) were removed. The values they showed remain."),
            line(
                    "ole-object",
                    "埋め込みオブジェクト",
                    "embedded object",
                    "埋め込まれたオブジェクトを削除しました。図として表示されていた部分は残ります。",
                    "Embedded objects were removed; where they showed a picture, the picture remains."),
            line(
                    "activex",
                    "ActiveX コントロール",
                    "ActiveX control",
                    "操作用の部品 (ActiveX コントロール) を削除しました。",
                    "Interactive controls (ActiveX) were removed."),
            line(
                    "custom-ui",
                    "リボンのカスタマイズ",
                    "ribbon customisation",
                    "リボンのカスタマイズ (マクロ呼び出し) を削除しました。",
                    "Ribbon customisations that call macros were removed."),
            line(
                    "data-connection",
                    "外部データへの接続",
                    "data connection",
                    "外部データへの接続を削除しました。表の値はそのまま残っています。",
                    "Connections to outside data were removed. The values in the tables remain."),
            line(
                    "javascript",
                    "PDF のスクリプト",
                    "PDF script",
                    "PDF の自動実行スクリプトを削除しました。ページの内容と通常のリンクはそのままです。",
                    "Scripts in the PDF were removed. The pages and ordinary links are unchanged."),
            line(
                    "action",
                    "PDF の自動操作",
                    "PDF action",
                    "PDF を開いたときなどに動く操作を削除しました。ページの内容はそのままです。",
                    "Actions that run when the PDF is opened or clicked were removed. The pages are unchanged."),
            line(
                    "embedded-file",
                    "PDF の添付ファイル",
                    "PDF attachment",
                    "PDF に添付されていたファイルを削除しました。必要なら送信者に別送を依頼してください。",
                    "Files attached inside the PDF were removed; ask the sender to send them separately if needed."),
            line(
                    "xfa",
                    "XFA フォーム",
                    "XFA form",
                    "XFA 形式のフォームを削除しました。通常のページ表示はそのままです。",
                    "The XFA form was removed; the ordinary pages remain."),
            line(
                    "encryption",
                    "印刷・コピー制限",
                    "print and copy restrictions",
                    "PDF の印刷・コピー制限を外して作り直しました。",
                    "The PDF's print and copy restrictions were removed when it was rebuilt."),
            line(
                    "formula",
                    "数式のセル",
                    "formula cell",
                    "表計算ソフトで実行される数式のセルに ' を付け、文字として表示されるようにしました。",
                    "Cells a spreadsheet would run as formulas now start with ' and show as text."),
            line(
                    "metadata",
                    "撮影情報",
                    "photo information",
                    "画像の撮影情報 (位置情報・日時など) を削除しました。画像はそのままです。",
                    "Photo information (location, date and similar) was removed. The picture is unchanged."),
            line(
                    "trailing-data",
                    "末尾の余分なデータ",
                    "appended data",
                    "ファイルの終わりの後ろに付け足されていた余分なデータ (別のファイルなど) を削除しました。",
                    "Extra data appended after the end of the file (another file, for example) was removed."),
            line(
                    "re-encoded",
                    "画像の描き直し",
                    "picture redrawn",
                    "画像の一部が壊れていたか特殊な形式のため、そのままの形では作り直せず、画像を描き直しました。見た目はほぼ同じですが、画質がわずかに変わることがあります。",
                    "The picture could not be rebuilt exactly as it was (a damaged part, or an unusual format), so it was redrawn;"
                            + " it looks almost the same, but the quality may differ slightly."),
            line(
                    "animation",
                    "アニメーション",
                    "animation",
                    "アニメーションは最初の1コマだけを残しました。",
                    "Only the first frame of the animation was kept."),
            line(
                    "script",
                    "スクリプト",
                    "script",
                    "スクリプトやイベント処理を削除しました。表示される内容はそのままです。",
                    "Scripts and event handlers were removed. What is shown is unchanged."),
            line(
                    "active-element",
                    "動く要素",
                    "active element",
                    "埋め込みの画面・フォームなど動く要素を削除しました。",
                    "Embedded frames, forms and other active elements were removed."),
            line("form", "入力フォーム", "input form", "入力フォームを削除しました。", "Input forms were removed."),
            line(
                    "member-removed",
                    "除いたファイル",
                    "file left out",
                    "圧縮ファイルやメールの中の一部のファイルは受け渡しできないため除きました。",
                    "Some files inside the archive or e-mail could not be passed on and were left out."),
            line(
                    "os-metadata",
                    "OS の管理用ファイル",
                    "system file",
                    "Mac や Windows が自動で作る管理用のファイル（__MACOSX、.DS_Store、Thumbs.db）を除きました。中のファイルはそのままです。",
                    "Files macOS and Windows make for themselves (__MACOSX, .DS_Store, Thumbs.db) were left out;"
                            + " the files inside are unchanged."),
            line(
                    "link",
                    "ファイルを開くリンク",
                    "link to a file",
                    "ファイル共有や PC 内のファイルを開くリンクを外しました。リンクの文字はそのまま残っています。",
                    "Links that open a file share or a file on the computer were removed; their text remains."),
            line(
                    "hidden-part",
                    "使われていない部品",
                    "unused part",
                    "文書のどこからも使われていない部品や、画像の名前で保存された画像でないデータを取り除きました。文書の見た目はそのままです。",
                    "Parts nothing in the document uses, and data stored under a picture's name that is not a picture,"
                            + " were removed. The document looks the same."),
            line(
                    "repaired",
                    "壊れていた箇所の修復",
                    "repair",
                    "ファイルの一部が壊れていたため、読み取れた範囲で組み立て直しました。内容が送信者の意図どおりか確認してください。",
                    "Part of the file was damaged; it was rebuilt from what could be read. Check that the content is as"
                            + " the sender meant."),
            line(
                    "flattened",
                    "画像に変換",
                    "turned into images",
                    "ページを画像に変換しました。見た目は同じですが、文字の選択や編集はできません。",
                    "Pages were turned into images. They look the same, but text cannot be selected or edited."),
            line(
                    "converted",
                    "文字だけを取り出し",
                    "text only",
                    "文字だけを取り出しました。書式や画像は含まれません。",
                    "Only the text was kept; formatting and pictures are not included."));

    private static Map.Entry<String, List<String>> line(
            String kind, String labelJa, String labelEn, String ja, String en) {
        return Map.entry(kind, List.of(ja, en, labelJa, labelEn));
    }

    private Receipts() {}

    /** Who reads a receipt: what they can do about a removal differs. */
    public enum Reader {
        /** The person who sent the file: they can re-save it and send it again. */
        SENDER,
        /** A recipient, approver or officer: they can ask for the original, or ask the sender. */
        RECIPIENT
    }

    /** The receipt of a disarmed file, from the kinds of element removed, worded for its reader. */
    public static Receipt of(List<Removal> removals, Reader reader) {
        if (removals.isEmpty()) {
            return new Receipt(
                    "有害な要素は見つかりませんでした。ファイルはそのまま使えます。", "Nothing harmful was found. The file can be used as it is.");
        }
        Set<String> ja = new LinkedHashSet<>();
        Set<String> en = new LinkedHashSet<>();
        for (Removal r : removals) {
            List<String> texts = BY_KIND.get(r.kind());
            if (texts != null) {
                ja.add(texts.get(0));
                en.add(texts.get(1));
            }
        }
        if (ja.isEmpty()) {
            ja.add("安全のため一部の要素を取り除いて作り直しました。");
            en.add("Some elements were removed and the file was rebuilt for safety.");
        }
        switch (reader) {
            case SENDER -> {
                ja.add("受け取った側には、これらを取り除いたファイルが届きます。元のままで渡す必要がある場合は、" + "マクロや埋め込みのない形で保存し直して、もう一度送ってください。");
                en.add("The recipient gets the file without these. If it must arrive exactly as it is, save it "
                        + "without macros or embedded content and send it again.");
            }
            case RECIPIENT -> {
                ja.add("元のままのファイルが必要な場合は、情報セキュリティ担当者に原本の取り出しを申請するか、" + "送信者にマクロや埋め込みのない形で保存し直して送るよう依頼してください。");
                en.add("If you need the file exactly as sent, ask the security officer to release the original, or ask "
                        + "the sender to save it without macros or embedded content and send it again.");
            }
        }
        return new Receipt(String.join("\n", ja), String.join("\n", en));
    }

    /**
     * One removal as a line a person reads: what it was, in words, then where
     * ({@code マクロ: /word/vbaProject.bin}); a kind without a label keeps its code.
     */
    public static Receipt describe(Removal r) {
        List<String> texts = BY_KIND.get(r.kind());
        String where = (r.detail().isEmpty() ? "" : ": " + r.detail()) + (r.count() > 1 ? " ×" + r.count() : "");
        return texts == null
                ? new Receipt(r.kind() + where, r.kind() + where)
                : new Receipt(texts.get(2) + where, texts.get(3) + where);
    }

    /** The receipt of a file that did not cross: the reason's own words. */
    public static Receipt of(Reason reason) {
        return new Receipt(reason.code().ja() + "。", reason.code().en() + ".");
    }
}
