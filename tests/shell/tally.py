"""Pass/fail counting for the Python test scripts under tests/shell (each prints one line
`NAME: N passed, N failed` and exits 1 on any failure)."""


class Tally:
    def __init__(self, name):
        self.name, self.passed, self.failed = name, 0, 0

    def check(self, what, ok, detail=""):
        """One assertion: what it checks, whether it held, and what was seen when not."""
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            print("FAIL: %s%s" % (what, ": " + detail if detail else ""))

    def finish(self):
        print("%s: %d passed, %d failed" % (self.name, self.passed, self.failed))
        return 1 if self.failed else 0
