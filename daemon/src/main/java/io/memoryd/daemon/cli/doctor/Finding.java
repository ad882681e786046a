package io.memoryd.daemon.cli.doctor;

/**
 * The outcome of one doctor check: its name, the verdict, what was found (one line) and what to do about
 * it (empty when nothing needs doing).
 */
public record Finding(String check, Verdict verdict, String detail, String advice) {

    static Finding ok(String check, String detail) {
        return new Finding(check, Verdict.OK, detail, "");
    }

    static Finding warn(String check, String detail, String advice) {
        return new Finding(check, Verdict.WARN, detail, advice);
    }

    static Finding fail(String check, String detail, String advice) {
        return new Finding(check, Verdict.FAIL, detail, advice);
    }
}
