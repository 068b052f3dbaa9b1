"""Generated programs of several shapes, each growing linearly with `n`.

Each shape stresses one way a real file grows: many builder functions around one model, many
`model.add` calls, many compile/fit pairs, long modules of assignments, many classes, long
functional graphs, many training-loop steps, one class with many weights, one long chain
rebinding one name. `tests/test_scaling.py` checks that the analysis work grows linearly on
each; `scripts/benchmark_scaling.py` times them against Ruff.
"""

HEADER = "import numpy as np\nimport tensorflow as tf\nimport keras\nfrom keras import layers\n\n"


def builders(n):
    """Thousands of builder functions using one model (issue 8's shape)."""
    out = [HEADER, ("model = keras.Sequential()\nmodel.add(layers.Dense(64, activation='relu'))\n"
                    "model.add(layers.Dense(10, activation='softmax'))\n"
                    "model.compile(loss='categorical_crossentropy', optimizer='adam')\n\n")]
    for i in range(n):
        out.append(f"def build_{i}(units={i % 50 + 1}, act='relu'):\n"
                   f"    m = keras.Sequential()\n"
                   f"    m.add(layers.Dense(units, activation=act,"
                   f" kernel_initializer='he_normal'))\n"
                   f"    m.add(layers.Dropout(0.1))\n"
                   f"    m.add(layers.Dense(10, activation='softmax'))\n"
                   f"    m.compile(loss=keras.losses.CategoricalCrossentropy(from_logits=True))\n"
                   f"    model.fit(np.zeros((32, {i % 7 + 1})), np.zeros((32, 10)), epochs=1)\n"
                   f"    return m\n\n\n"
                   f"net_{i} = build_{i}()\nnet_{i}.fit(np.zeros((8, 4)), np.zeros((8, 10)))\n\n")
    return "".join(out)


def adds(n):
    """One model, n `model.add` calls, then compile and fit."""
    out = [HEADER, "model = keras.Sequential()\n"]
    for i in range(n):
        out.append(f"model.add(layers.Dense({i % 64 + 1}, activation='relu'))\n")
        if i % 10 == 0:
            out.append(f"model.add(layers.Dropout(0.{i % 9 + 1}))\n")
    out.append("model.add(layers.Dense(10, activation='softmax'))\n"
               "model.compile(loss='sparse_categorical_crossentropy')\n"
               "model.fit(np.zeros((100, 4)), np.zeros((100,)))\n")
    return "".join(out)


def compiles(n):
    """One model compiled and fit n times."""
    out = [HEADER, ("model = keras.Sequential("
                    "[layers.Dense(4), layers.Dense(10, activation='softmax')])\n")]
    for i in range(n):
        loss = ("'categorical_crossentropy'",
                "keras.losses.SparseCategoricalCrossentropy(from_logits=True)",
                "'binary_crossentropy'")[i % 3]
        out.append(f"model.compile(loss={loss}, optimizer='adam')\n"
                   f"x_{i} = np.zeros(({i + 1}, 4))\n"
                   f"y_{i} = keras.utils.to_categorical(np.zeros(({i + 1},)), 10)\n"
                   f"model.fit(x_{i}, y_{i}, epochs=1)\n")
    return "".join(out)


def assignments(n):
    """A long module of assignments and arithmetic on arrays."""
    out = [HEADER, "x = np.zeros((10, 3), dtype='float32')\n"]
    for i in range(n):
        out.append(f"a_{i} = x * {i} + 1\nb_{i} = a_{i}.reshape(-1)\n"
                   f"x = np.concatenate([x, a_{i}])\nc_{i} = [a_{i}, b_{i}]\nc_{i}.append(x)\n"
                   f"d_{i} = {{'k': a_{i}}}\nd_{i}['j'] = b_{i}\n")
    out.append("model = keras.Sequential([layers.Dense(10, activation='softmax')])\n"
               "model.compile(loss='categorical_crossentropy')\nmodel.fit(x, x)\n")
    return "".join(out)


def classes(n):
    """Many custom layers and subclassed models."""
    out = [HEADER]
    for i in range(n):
        out.append(
            f"class Layer{i}(layers.Layer):\n"
            f"    def __init__(self, units={i % 30 + 2}, **kwargs):\n"
            f"        super().__init__(**kwargs)\n"
            f"        self.units = units\n"
            f"    def build(self, input_shape):\n"
            f"        self.w = self.add_weight(shape=(input_shape[-1], self.units),"
            f" initializer='random_normal')\n"
            f"        self.v = tf.Variable(tf.random.normal([4, self.units]))\n"
            f"    def call(self, x):\n"
            f"        return tf.nn.relu(tf.matmul(x, self.w) + self.v[0])\n\n\n"
            f"class Model{i}(keras.Model):\n"
            f"    def __init__(self):\n"
            f"        super().__init__()\n"
            f"        self.hidden = Layer{i}()\n"
            f"        self.out = layers.Dense(10, activation='softmax')\n"
            f"    def call(self, x):\n"
            f"        return self.out(self.hidden(x))\n\n\n"
            f"m_{i} = Model{i}()\n"
            f"m_{i}.compile(loss=keras.losses.CategoricalCrossentropy(from_logits=True))\n"
            f"m_{i}.fit(np.zeros((8, 3)), np.zeros((8, 10)))\n\n")
    return "".join(out)


def functional(n):
    """Long functional chains and many functional models."""
    out = [HEADER]
    for i in range(n):
        out.append(f"inputs_{i} = keras.Input(({i % 9 + 1},))\n"
                   f"h = layers.Dense(32, activation='relu',"
                   f" kernel_initializer='ones')(inputs_{i})\n"
                   f"h = layers.Dropout(0.2)(h)\n"
                   f"h = layers.Dense(16)(h)\nh = layers.Activation('relu')(h)\n"
                   f"out_{i} = layers.Dense(10, activation='softmax')(h)\n"
                   f"fm_{i} = keras.Model(inputs_{i}, out_{i})\n"
                   f"fm_{i}.compile(loss='sparse_categorical_crossentropy')\n"
                   f"fm_{i}.fit(np.zeros((5, 3)), np.zeros((5,)))\n")
    return "".join(out)


def loops(n):
    """Custom training loops with loss objects."""
    out = [HEADER, ("model = keras.Sequential([layers.Dense(10, activation='softmax')])\n"
                    "loss_fn = keras.losses.CategoricalCrossentropy(from_logits=True)\n")]
    for i in range(n):
        out.append(f"def step_{i}(x, y):\n"
                   f"    with tf.GradientTape() as tape:\n"
                   f"        p = model(x, training=True)\n"
                   f"        loss = loss_fn(y, p)\n"
                   f"    return tape.gradient(loss, model.trainable_variables)\n\n\n")
    return "".join(out)


def bigclass(n):
    """One custom layer with n weights, all multiplied in `call`."""
    init = "".join(f"        self.w_{i} = self.add_weight(shape=(8, 8),"
                   f" initializer='random_normal')\n" for i in range(n))
    call = "".join(f"        x = tf.nn.relu(tf.matmul(x, self.w_{i}) + self.b)\n"
                   for i in range(n))
    return (HEADER + "class Big(layers.Layer):\n    def build(self, input_shape):\n"
            "        self.b = self.add_weight(shape=(8,), initializer='zeros')\n" + init +
            "    def call(self, x):\n" + call + "        return x\n\n\nlayer = Big()\n"
            "model = keras.Sequential([layer, layers.Dense(10, activation='softmax')])\n"
            "model.compile(loss='categorical_crossentropy')\n")


def chain(n):
    """One functional chain of n layers rebinding the same name."""
    body = "".join(f"x = layers.Dense({i % 32 + 1}, activation='relu')(x)\n" for i in range(n))
    return (HEADER + "inputs = keras.Input((8,))\nx = inputs\n" + body +
            "outputs = layers.Dense(10, activation='softmax')(x)\n"
            "model = keras.Model(inputs, outputs)\nmodel.compile(loss='binary_crossentropy')\n"
            "model.fit(np.zeros((4, 8)), np.zeros((4, 10)))\n")


def pipelines(n):
    """One tf.data pipeline rebinding the same name n times (random maps, batches, shuffles in
    branches, discarded operations), each stage fed to a model of its own."""
    out = [HEADER, "def augment(x, y):\n    return tf.image.random_flip_left_right(x), y\n\n\n",
           "(x_train, y_train), _ = keras.datasets.mnist.load_data()\n",
           "ds = tf.data.Dataset.from_tensor_slices((x_train, y_train))\n"]
    for i in range(n):
        out.append(f"ds = ds.map(augment)\nds = ds.batch({i % 8 + 2}).unbatch()\n"
                   f"if flag_{i}:\n    ds = ds.shuffle({i + 2})\nds.prefetch(2)\n"
                   f"model_{i} = keras.Sequential([layers.Flatten(), layers.Dense({i % 10 + 1})])\n"
                   f"model_{i}.fit(ds.cache().shuffle(8).batch(4), batch_size=4)\n")
    return "".join(out)


SHAPES = {"builders": builders, "adds": adds, "compiles": compiles, "assignments": assignments,
          "classes": classes, "functional": functional, "loops": loops, "bigclass": bigclass,
          "chain": chain, "pipelines": pipelines}
