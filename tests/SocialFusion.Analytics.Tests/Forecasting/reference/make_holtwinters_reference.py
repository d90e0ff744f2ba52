#!/usr/bin/python3
"""Reference Holt-Winters fits for tests/SocialFusion.Analytics.Tests/Forecasting/HoltWintersTests.cs.

Run once, commit the output; the tests never run Python:

    apt-get install -y python3-statsmodels        # Debian 12: statsmodels 0.13.5
    /usr/bin/python3 make_holtwinters_reference.py --demo /tmp/ddf/posts.jsonl > holtwinters_reference.json

(/tmp/ddf is `socialfusion demo-data --out /tmp/ddf`, the default demo data, seed 42.)

Model: ExponentialSmoothing(y, trend="add", damped_trend=True, seasonal="add", seasonal_periods=m,
initialization_method="estimated").fit() with statsmodels' defaults (brute-force start, SLSQP, bounds
alpha in (0, 1), beta <= alpha, gamma <= 1 - alpha, phi in [0.8, 0.995]).

Two fits per series:
- "heuristic_fixed" (what the C# test checks): the initial level, trend and seasonal states held, through
  model.fix_params, at statsmodels' own heuristic values (Hyndman et al. 2008, section 2.6.1; the start the
  "estimated" fit uses), so that only alpha, beta, gamma and phi are fitted, as in the C# HoltWinters. In
  statsmodels 0.13.5 initialization_method="heuristic" alone does not do this: the heuristic states are only the
  optimiser's starting point and SLSQP moves them with the smoothing parameters.
- "estimated" (for information, not tested): statsmodels' default, the m + 2 initial states fitted jointly with
  the smoothing parameters.
"""
import argparse
import collections
import datetime
import json
import re
import sys

import numpy as np
import statsmodels
from statsmodels.tsa.exponential_smoothing.initialization import _initialization_heuristic
from statsmodels.tsa.holtwinters import ExponentialSmoothing


def synthetic(n, m, seed, level, slope, amplitude, noise):
    rng = np.random.RandomState(seed)
    t = np.arange(n)
    season = amplitude * np.sin(2 * np.pi * t / m) + 0.5 * amplitude * np.cos(4 * np.pi * t / m)
    return (level + slope * t + season + noise * rng.standard_normal(n)).round(4).tolist()


def demo_daily_hashtag(path):
    """Daily UTC counts of posts carrying the demo's most used hashtag, every day from the first post to the last."""
    per_day = collections.defaultdict(collections.Counter)
    days = []
    for line in open(path, encoding="utf-8"):
        post = json.loads(line)
        day = datetime.datetime.fromisoformat(post["created_at"]).astimezone(datetime.timezone.utc).date()
        days.append(day)
        for tag in set(re.findall(r"#\w+", (post.get("text") or "").lower())):
            per_day[tag][day] += 1
    totals = collections.Counter({tag: sum(c.values()) for tag, c in per_day.items()})
    tag = sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    first, last = min(days), max(days)
    n = (last - first).days + 1
    return tag, [float(per_day[tag][first + datetime.timedelta(d)]) for d in range(n)]


def summary(res, horizon):
    p = res.params
    return {
        "alpha": float(p["smoothing_level"]), "beta": float(p["smoothing_trend"]),
        "gamma": float(p["smoothing_seasonal"]), "phi": float(p["damping_trend"]),
        "initial_level": float(p["initial_level"]), "initial_trend": float(p["initial_trend"]),
        "initial_seasonal": [float(v) for v in p["initial_seasons"]],
        "sse": float(res.sse),
        "fitted": [float(v) for v in res.fittedvalues],
        "forecast": [float(v) for v in res.forecast(horizon)],
        "forecast_hyndman": hyndman_forecast(res, horizon),
    }


def hyndman_forecast(res, horizon):
    """l(T) + (phi + ... + phi^h) b(T) + s(T + h - m(k + 1)) from statsmodels' own final states.

    statsmodels 0.13.5's forecast() differs from this at h = m, 2m, ...: it rolls the seasonal states forward from
    the last observation's state *before* its update (statsmodels issue #9538, fixed by pull request #10230).
    """
    m = res.model.seasonal_periods
    phi = res.params["damping_trend"]
    level, trend, season = res.level[-1], res.trend[-1], res.season[-m:]
    damp = np.cumsum(phi ** np.arange(1, horizon + 1))
    return [float(level + damp[h] * trend + season[h % m]) for h in range(horizon)]


def fit(name, y, m, horizon):
    endog = np.asarray(y, dtype=float)
    model = ExponentialSmoothing(endog, trend="add", damped_trend=True, seasonal="add",
                                 seasonal_periods=m, initialization_method="estimated")
    level, trend, seasonal = _initialization_heuristic(endog, "add", "add", m)
    fixed = {"initial_level": level, "initial_trend": trend}
    fixed.update({f"initial_seasonal.{i}": v for i, v in enumerate(seasonal)})
    with model.fix_params(fixed):
        held = model.fit()
    estimated = model.fit()
    return {"name": name, "period": m, "horizon": horizon, "series": y,
            "heuristic_fixed": summary(held, horizon), "estimated": summary(estimated, horizon)}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--demo", required=True, help="the default demo data's posts.jsonl")
    args = parser.parse_args()
    tag, demo = demo_daily_hashtag(args.demo)
    cases = [
        fit("synthetic-daily", synthetic(120, 7, 11, 50.0, 0.3, 8.0, 2.0), 7, 14),
        fit("synthetic-hourly", synthetic(24 * 14, 24, 12, 20.0, -0.02, 5.0, 1.5), 24, 48),
        fit(f"demo-daily {tag}", demo, 7, 14),
        fit("flat", [3.0] * 56, 7, 14),
    ]
    json.dump({"generator": "make_holtwinters_reference.py", "statsmodels": statsmodels.__version__,
               "numpy": np.__version__, "cases": cases}, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
