package jp.kakehashi.appliance.folders;

/** What a member may do in a folder; each role may do everything the ones before it may. */
public enum FolderRole {
    /** 閲覧者: reads and downloads. */
    VIEWER("閲覧者"),
    /** 投稿者: also adds new files. */
    CONTRIBUTOR("投稿者"),
    /** 編集者: also adds versions of any file, restores old ones, checks files out. */
    EDITOR("編集者"),
    /** 管理者: also adds and removes members. Never a partner. */
    MANAGER("管理者");

    private final String japanese;

    FolderRole(String japanese) {
        this.japanese = japanese;
    }

    public String japanese() {
        return japanese;
    }

    public boolean allows(FolderRole needed) {
        return compareTo(needed) >= 0;
    }
}
