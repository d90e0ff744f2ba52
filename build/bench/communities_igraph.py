#!/usr/bin/python3
"""igraph's Louvain and Leiden on the edge list `socialfusion bench communities --export` wrote.

Run with Debian's interpreter (`apt-get install -y python3-igraph`): /usr/bin/python3 build/bench/communities_igraph.py DIR
DIR holds edges.tsv (first line "# nodes N", then "u<TAB>v<TAB>w", u <= v, each undirected pair once, a self-loop as
u == v) and, optionally, truth.txt (the planted community of node i on line i). Prints one JSON object: for
community_multilevel and community_leiden(objective_function="modularity") the wall time of the call alone (loading
excluded), the modularity igraph computes for the result, the community count and the NMI against the truth
(igraph's compare_communities "nmi", the same arithmetic-mean normaliser as ours).
"""
import json
import random
import sys
import time

import igraph


def main(folder, seed=42):
    with open(f"{folder}/edges.tsv") as f:
        header = f.readline().split()
        nodes = int(header[2])
        edges, weights = [], []
        for line in f:
            u, v, w = line.split("\t")
            edges.append((int(u), int(v)))
            weights.append(float(w))
    truth = None
    try:
        with open(f"{folder}/truth.txt") as f:
            truth = [int(x) for x in f.read().split()]
    except FileNotFoundError:
        pass
    g = igraph.Graph(n=nodes, edges=edges, directed=False)
    g.es["weight"] = weights
    random.seed(seed)
    out = {"igraph": igraph.__version__, "nodes": g.vcount(), "pairs": g.ecount(), "threads": 1}
    runs = {
        "louvain": lambda: g.community_multilevel(weights="weight"),
        "leiden": lambda: g.community_leiden(objective_function="modularity", weights="weight", n_iterations=2, beta=0.01),
    }
    for name, run in runs.items():
        start = time.perf_counter()
        clusters = run()
        seconds = time.perf_counter() - start
        result = {"seconds": seconds, "modularity": g.modularity(clusters.membership, weights="weight"), "communities": len(clusters)}
        if truth is not None:
            result["nmi"] = igraph.compare_communities(clusters.membership, truth, method="nmi")
        out[name] = result
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 42)
