from keraslint.engine.suppression import apply, directives, unused
from keraslint.findings import Finding, Position


def _finding(code, line):
    return Finding(code, "n", "m", "f.py", Position(line, 1), Position(line, 2))


def test_directive_forms():
    text = ("a = 1  # noqa\n"
            "b = 2  # noqa: KL201,KL202\n"
            "c = '# noqa: KL203'\n"
            "# keraslint: noqa: KL301\n"
            "d = 3  # type: ignore  # NOQA:KL204 because\n")
    found = directives(text)
    assert [(d.line, d.codes, d.file_level) for d in found] == [
        (1, None, False), (2, ["KL201", "KL202"], False), (4, ["KL301"], True),
        (5, ["KL204"], False)]


def test_apply_and_unused():
    found = directives("a = 1  # noqa: KL201, KL202, E501, KL999\nb = 2  # noqa\n")
    kept = apply([_finding("KL201", 1), _finding("KL203", 1), _finding("KL205", 2)], found)
    assert [f.code for f in kept] == ["KL203"]
    reports = unused(found, "f.py", known={"KL201", "KL202", "KL203"}, ran={"KL201", "KL202"}, url="")
    assert [r.message for r in reports] == [
        "Unused `noqa` directive (unused: `KL202`; unknown: `KL999`)"]


def test_no_comments_means_no_work():
    assert directives("x = 1\n") == []
    assert directives("x = (\n") == []  # tokenize errors are not crashes
