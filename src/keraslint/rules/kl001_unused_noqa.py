from keraslint.rules.base import Invalid, Rule, Valid


class UnusedNoqa(Rule):
    """
    ## What it does
    Checks for `# noqa: KL...` directives that silence nothing: the code is unknown to
    keraslint, or its rule ran on the file and reported nothing on that line.

    ## Why is this bad?
    A stale `noqa` hides the next real finding on that line, and an unknown code (a typo such
    as `KL21`) silences nothing while looking as if it did.

    ## Example
    ```python
    import keras

    model = keras.Sequential([keras.layers.Dense(10)])  # noqa: KL201
    ```

    ## Use instead
    ```python
    import keras

    model = keras.Sequential([keras.layers.Dense(10)])
    ```

    ## Options
    None. Codes of other tools (`E501`, `F401`) and blanket `# noqa` comments are never
    reported, so keraslint can share `noqa` comments with flake8 and Ruff; codes of rules not
    selected for the file are not reported either.

    ## References
    - [Ruff: unused-noqa (RUF100)](https://docs.astral.sh/ruff/rules/unused-noqa/)
    """

    CODE = "KL001"
    NAME = "unused-noqa"
    SUMMARY = "A `# noqa: KL...` code that is unknown or silences nothing."
    MESSAGE = "Unused `noqa` directive ({detail})"
    ENGINE = True

    VALID = (
        Valid("""
            import keras
            model = keras.Sequential([keras.layers.Dense(10)])  # noqa: E501
        """),
        Valid("""
            import keras
            model = keras.Sequential([keras.layers.Dense(10)])  # noqa
        """),
        Valid("""
            import keras
            model = keras.Sequential([keras.layers.Dense(10, activation="softmax")])
            model.compile(loss=keras.losses.CategoricalCrossentropy(from_logits=True))  # noqa: KL201
        """),
    )
    INVALID = (
        Invalid("""
            import keras
            model = keras.Sequential([keras.layers.Dense(10)])  # noqa: KL201
        """, lines=(2,)),
        Invalid("""
            import keras
            x = keras.ops.ones((2, 2))  # noqa: KL999
        """, lines=(2,)),
    )
