package jp.kakehashi.appliance.cli;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.Callable;
import jp.kakehashi.appliance.base.DataDir;
import jp.kakehashi.appliance.identity.Department;
import jp.kakehashi.appliance.identity.Departments;
import jp.kakehashi.appliance.jdbc.JdbcDepartmentStore;
import jp.kakehashi.appliance.store.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kakehashi department}: the city's departments (課), whom partners address and whose
 * staff alone receive what is addressed to them. A staff account belongs to the department whose
 * id is its organisation ({@code user add --org ID}).
 */
@Command(
        name = "department",
        description = "Departments (課): who partners may address, and who receives their files.",
        subcommands = {
            DepartmentCommand.Add.class,
            DepartmentCommand.Rename.class,
            DepartmentCommand.Link.class,
            DepartmentCommand.Unlink.class,
            DepartmentCommand.Reception.class,
            DepartmentCommand.ListAll.class,
            DepartmentCommand.PartnerName.class
        })
final class DepartmentCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec = picocli.CommandLine.Model.CommandSpec.create();

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(
                spec.commandLine(),
                "use: kakehashi department add ID --name 税務課 | rename ID --name N | link ID --partner ORG"
                        + " | unlink ID --partner ORG | reception ID | list");
    }

    /** One change to the departments, with the data directory opened and the audit record appended. */
    private abstract static class Change implements Callable<Integer> {
        @Mixin
        DataOptions data = new DataOptions();

        abstract String verb();

        abstract String apply(Departments departments);

        @Override
        public final Integer call() {
            DataDir dir = new DataDir(data.load().dataDir());
            try (Database db = Database.open(dir.database())) {
                String done = apply(new Departments(db, new JdbcDepartmentStore(), Clock.systemUTC()));
                UserCommand.appendNowIfIdle(dir, db, new SecureRandom());
                System.out.println(done);
                return 0;
            } catch (IllegalArgumentException e) {
                System.err.println("kakehashi department " + verb() + ": " + e.getMessage());
                return 64;
            }
        }
    }

    @Command(name = "add", description = "Add a department; its id is its staff's --org and its SFTP folder.")
    static final class Add extends Change {
        @Parameters(index = "0", paramLabel = "ID")
        String id = "";

        @Option(names = "--name", required = true, description = "the name staff and partners read (税務課)")
        String name = "";

        @Override
        String verb() {
            return "add";
        }

        @Override
        String apply(Departments departments) {
            return line(departments.add(id, name, "cli"));
        }
    }

    @Command(name = "rename", description = "Rename a department; its id, staff and files stay.")
    static final class Rename extends Change {
        @Parameters(index = "0", paramLabel = "ID")
        String id = "";

        @Option(names = "--name", required = true)
        String name = "";

        @Override
        String verb() {
            return "rename";
        }

        @Override
        String apply(Departments departments) {
            return line(departments.rename(id, name, "cli"));
        }
    }

    @Command(
            name = "link",
            description = "The department works with a partner organisation: that organisation then"
                    + " addresses only the departments linked to it.")
    static final class Link extends Change {
        @Parameters(index = "0", paramLabel = "ID")
        String id = "";

        @Option(names = "--partner", required = true, paramLabel = "ORG")
        String partner = "";

        @Override
        String verb() {
            return "link";
        }

        @Override
        String apply(Departments departments) {
            departments.link(id, partner, "cli");
            return line(departments.find(id).orElseThrow());
        }
    }

    @Command(name = "unlink", description = "The department no longer works with a partner organisation.")
    static final class Unlink extends Change {
        @Parameters(index = "0", paramLabel = "ID")
        String id = "";

        @Option(names = "--partner", required = true, paramLabel = "ORG")
        String partner = "";

        @Override
        String verb() {
            return "unlink";
        }

        @Override
        String apply(Departments departments) {
            departments.unlink(id, partner, "cli");
            return line(departments.find(id).orElseThrow());
        }
    }

    @Command(
            name = "reception",
            description = "Make the department the reception (受付): it receives what partners send to the"
                    + " city without naming a department, including such files already received.")
    static final class Reception extends Change {
        @Parameters(index = "0", paramLabel = "ID")
        String id = "";

        @Override
        String verb() {
            return "reception";
        }

        @Override
        String apply(Departments departments) {
            int files = departments.makeReception(id, "cli");
            return line(departments.find(id).orElseThrow()) + "\n"
                    + files + " file(s) sent without a department now go to it (課の指定がないファイル " + files
                    + " 件をこの課に届けます)";
        }
    }

    /** {@code kakehashi department partner-name ORG --name 団体名}: the name a partner organisation is known by. */
    @Command(name = "partner-name", description = "Set the name a partner organisation is known by (団体名).")
    static final class PartnerName implements Callable<Integer> {
        @Mixin
        DataOptions data = new DataOptions();

        @Parameters(index = "0", paramLabel = "ORG")
        String organisation = "";

        @Option(names = "--name", required = true)
        String name = "";

        @Override
        public Integer call() {
            return UserCommand.changeAccounts(data, "department partner-name", accounts -> {
                accounts.nameOrganisation(organisation, name, "cli");
                return organisation + "\t" + name.strip();
            });
        }
    }

    @Command(name = "list", description = "Every department, its name and the partners it works with.")
    static final class ListAll implements Callable<Integer> {
        @Mixin
        DataOptions data = new DataOptions();

        @Override
        public Integer call() {
            DataDir dir = new DataDir(data.load().dataDir());
            try (Database db = Database.open(dir.database())) {
                var all = new Departments(db, new JdbcDepartmentStore(), Clock.systemUTC()).all();
                if (all.isEmpty()) {
                    System.out.println("(課の登録なし / no departments: partners send to every member of staff)");
                }
                all.forEach(d -> System.out.println(line(d)));
                return 0;
            }
        }
    }

    /** One department as the commands print it: {@code zeimu 税務課 [受付] partners: acme, kita}. */
    static String line(Department d) {
        return d.id() + "\t" + d.name() + (d.reception() ? "\t[受付 / reception]" : "") + "\tpartners: "
                + (d.partners().isEmpty() ? "(all / すべて)" : String.join(", ", new java.util.TreeSet<>(d.partners())));
    }
}
