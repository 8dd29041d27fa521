#!/usr/bin/python3
"""Golden values for BootstrapInterval: numpy's mean and percentile over bootstrap resamples.

The resample indices come from the same SplitMix64 stream the C# code uses (DataForge.ShapeWorld.SceneRandom,
keyed (seed, 0, 0)), reimplemented here; numpy does the means and the linear-interpolation percentiles.
Run: /usr/bin/python3 tests/ShapeWorld.Tests/Evaluation/bootstrap_golden.py > tests/ShapeWorld.Tests/Evaluation/bootstrap_golden.json
"""
import json

import numpy as np

M = (1 << 64) - 1


def mix(z):
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M
    return z ^ (z >> 31)


class SceneRandom:
    def __init__(self, seed, index, stream):
        s = mix(((seed & 0xFFFFFFFF) * 0x9E3779B97F4A7C15) & M)
        s = mix(s ^ (index & M))
        self.state = mix(s ^ ((stream * 0xD1B54A32D192ED03) & M))

    def next(self, count):
        self.state = (self.state + 0x9E3779B97F4A7C15) & M
        return int(((mix(self.state) >> 11) * (1.0 / (1 << 53))) * count)


def interval(values, resamples, seed):
    values = np.asarray(values, dtype=np.float64)
    n = len(values)
    rng = SceneRandom(seed, 0, 0)
    idx = np.array([[rng.next(n) for _ in range(n)] for _ in range(resamples)], dtype=np.int64)
    means = values[idx].mean(axis=1)
    low, high = np.percentile(means, [2.5, 97.5])
    return float(values.mean()), float(low), float(high)


def main():
    data = np.random.default_rng(20261202)
    cases = [
        ("binary10", (data.random(10) < 0.6).astype(float).tolist(), 1000, 0),
        ("fractions37", np.round(data.random(37), 4).tolist(), 1000, 42),
        ("binary200", (data.random(200) < 0.35).astype(float).tolist(), 1000, 7),
        ("single", [0.75], 100, 3),
        ("negative_seed", np.round(data.normal(size=25), 4).tolist(), 500, -5),
    ]
    out = []
    for name, values, resamples, seed in cases:
        mean, low, high = interval(values, resamples, seed)
        out.append({"name": name, "values": values, "resamples": resamples, "seed": seed,
                    "mean": mean, "low": low, "high": high})
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
