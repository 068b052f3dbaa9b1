"""The Keras 2 backend shim that sliced programs import in the child (needs TensorFlow)."""

import pytest

pytest.importorskip("tensorflow")


def test_removed_backend_functions_work_and_kept_ones_pass_through():
    import numpy as np

    from keraslint.verifier import legacy_backend as K

    values = np.random.default_rng(0).random((4, 3))
    assert np.allclose(np.asarray(K.constant(values, dtype="float32")), values, atol=1e-6)
    assert K.int_shape(K.random_normal((5, 2), mean=5.0)) == (5, 2)
    assert float(K.sum(K.ones((2, 3)))) == 6.0
    assert K.epsilon() == pytest.approx(1e-7)  # still in Keras 3's keras.backend
    with pytest.raises(AttributeError):
        K.no_such_function
