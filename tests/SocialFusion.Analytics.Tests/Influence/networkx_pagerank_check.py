# Cross-check of PageRank.cs against networkx (Debian's python3-networkx; its pure-Python pagerank needs no numpy).
# Not run by the tests. Usage, on a demo folder ingested into a store:
#   socialfusion analyze influence --db S.duckdb --json --raw --top 20 > ours.json
#   python3 networkx_pagerank_check.py DEMO_FOLDER ours.json
# Builds the follow graph (truth/follows.csv) and the reshare graph (resharer -> author of the post replied to or
# reposted, weighted by count, no self-edges) over every user of truth/users.jsonl, as UserGraph does.
import csv, json, sys
from collections import Counter
import networkx as nx
from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

demo, ours = sys.argv[1], json.load(open(sys.argv[2]))
users = [json.loads(line)["user_id"] for line in open(f"{demo}/truth/users.jsonl")]
follow = nx.DiGraph(); follow.add_nodes_from(users)
for row in csv.DictReader(open(f"{demo}/truth/follows.csv")): follow.add_edge(row["follower"], row["followee"])
posts = [json.loads(line) for line in open(f"{demo}/posts.jsonl")]
author = {p["id"]: p["user_id"] for p in posts}
pairs = Counter()
for p in posts:
    parent = p.get("repost_of") or p.get("reply_to")
    if parent in author and author[parent] != p["user_id"]: pairs[(p["user_id"], author[parent])] += 1
reshare = nx.DiGraph(); reshare.add_nodes_from(users)
for (a, b), w in pairs.items(): reshare.add_edge(a, b, weight=w)
for name, graph, key, top in [("follow", follow, "follow_rank", "top_by_follow_rank"), ("reshare", reshare, "reshare_rank", "top_by_reshare_rank")]:
    pr = _pagerank_python(graph, alpha=0.85, tol=1e-13, max_iter=1000, weight="weight")
    listed = ours[top]
    worst = max(abs(u[key] - pr[u["user"]]) for u in listed)
    same = sorted(pr, key=lambda u: -pr[u])[:len(listed)] == [u["user"] for u in listed]
    dangling = sum(1 for n in graph if graph.out_degree(n) == 0)
    print(f"{name}: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges, {dangling} dangling; "
          f"max |ours - networkx| over our top {len(listed)}: {worst:.1e}; same top list: {same}")
