"""Golden DPM-Solver++ results for DpmSolverGoldenTests.

Re-implements, in plain float64 Python, the path the official PixArt-alpha inference takes through
dpm_solver.py: NoiseScheduleVP('discrete', betas) with log-alpha linearly interpolated over t_i = (i+1)/N,
model_wrapper(model_type='noise') mapping t to (t - 1/N) * 1000, DPM_Solver(algorithm_type='dpmsolver++'),
sample(steps, order=2, skip_type='time_uniform', method='multistep', lower_order_final=True,
solver_type='dpmsolver'): first-order warm-up step, second-order multistep updates, and a first-order last
step when steps < 10 (dpm_solver.py: `if lower_order_final and steps < 10: step_order = min(order, steps + 1 - step)`).
`assert steps >= order` rejects one step.

The toy noise model is eps(x, t) = 0.3 * x + 0.05 * (k + 1) * cos(t / 300) for element k, written out in the
C# test too. Run: python3 make_dpm_solver_golden.py > dpm_solver_golden.json
"""
import json
import math

N = 1000
BETAS = [1e-4 + (0.02 - 1e-4) * i / (N - 1) for i in range(N)]
LOG_ALPHAS = []
_acc = 0.0
for b in BETAS:
    _acc += math.log(1.0 - b)
    LOG_ALPHAS.append(0.5 * _acc)
T_ARRAY = [(i + 1) / N for i in range(N)]
X_T = [0.8, -1.2, 0.35, 1.9, -0.6, 0.05]


def log_alpha(t):
    # interpolate_fn with linear extrapolation beyond the first/last knots, as dpm_solver.py does.
    k = min(max(int(math.floor(t * N - 1)), 0), N - 2)
    x0, x1 = T_ARRAY[k], T_ARRAY[k + 1]
    y0, y1 = LOG_ALPHAS[k], LOG_ALPHAS[k + 1]
    return y0 + (y1 - y0) * (t - x0) / (x1 - x0)


def coefficients(t):
    la = log_alpha(t)
    alpha = math.exp(la)
    sigma = math.sqrt(1.0 - math.exp(2.0 * la))
    return alpha, sigma, la - math.log(sigma)


def eps_model(x, t_model):
    return [0.3 * v + 0.05 * (k + 1) * math.cos(t_model / 300.0) for k, v in enumerate(x)]


def data_prediction(x, t):
    alpha, sigma, _ = coefficients(t)
    eps = eps_model(x, (t - 1.0 / N) * 1000.0)
    return [(v - sigma * e) / alpha for v, e in zip(x, eps)]


def first_order(x, s, t, model_s):
    _, sigma_s, lambda_s = coefficients(s)
    alpha_t, sigma_t, lambda_t = coefficients(t)
    phi = math.expm1(-(lambda_t - lambda_s))
    return [sigma_t / sigma_s * v - alpha_t * phi * m for v, m in zip(x, model_s)]


def second_order(x, t_prev, model_prev, t):
    # t_prev = [t_{i-2}, t_{i-1}], model_prev likewise; solver_type 'dpmsolver'.
    _, _, lambda_1 = coefficients(t_prev[0])
    _, sigma_0, lambda_0 = coefficients(t_prev[1])
    alpha_t, sigma_t, lambda_t = coefficients(t)
    h = lambda_t - lambda_0
    r0 = (lambda_0 - lambda_1) / h
    phi = math.expm1(-h)
    d1 = [(m0 - m1) / r0 for m0, m1 in zip(model_prev[1], model_prev[0])]
    return [sigma_t / sigma_0 * v - alpha_t * phi * m0 - 0.5 * alpha_t * phi * d for v, m0, d in zip(x, model_prev[1], d1)]


def sample(steps, order=2, lower_order_final=True):
    assert steps >= order
    t_0, t_T = 1.0 / N, 1.0
    times = [t_T + (t_0 - t_T) * i / steps for i in range(steps + 1)]
    x = list(X_T)
    t_prev = [times[0]]
    model_prev = [data_prediction(x, times[0])]
    x = first_order(x, times[0], times[1], model_prev[-1])
    t_prev.append(times[1])
    model_prev.append(data_prediction(x, times[1]))
    for step in range(order, steps + 1):
        t = times[step]
        step_order = min(order, steps + 1 - step) if lower_order_final and steps < 10 else order
        if step_order == 1:
            x = first_order(x, t_prev[-1], t, model_prev[-1])
        else:
            x = second_order(x, t_prev[-2:], model_prev[-2:], t)
        t_prev.append(t)
        if step < steps:
            model_prev.append(data_prediction(x, t))
    return x


golden = {"x_T": X_T, "results": {str(s): sample(s) for s in (2, 3, 5, 9, 10, 12, 20)},
          "all_second_order": {str(s): sample(s, lower_order_final=False) for s in (3, 5, 9)}}
print(json.dumps(golden, indent=1))
