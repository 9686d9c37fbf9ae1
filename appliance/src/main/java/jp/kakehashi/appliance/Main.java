package jp.kakehashi.appliance;

import jp.kakehashi.appliance.cli.KakehashiCommand;

/** The only entry point: {@code kakehashi <command>}; see {@link KakehashiCommand}. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(KakehashiCommand.run(args));
    }
}
