"""Independent Erlang A check: builds the truncated M/M/N+M generator matrix, solves the
stationary distribution with scipy, and gets the waiting-time figures from the tagged
caller's generator with matrix exponentials and numerical integration.
Usage: erlang_a_check.py N A AHT PATIENCE T  -> JSON on stdout."""
import json, sys
import numpy as np
from scipy.linalg import expm, solve

N, A, aht, patience, T = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
lam, mu, th = A / aht, 1 / aht, 1 / patience
K = N + 250
Q = np.zeros((K + 1, K + 1))
for n in range(K + 1):
    if n < K:
        Q[n, n + 1] = lam
    if n > 0:
        Q[n, n - 1] = min(n, N) * mu + max(n - N, 0) * th
    Q[n, n] = -Q[n].sum()
M = Q.T.copy()
M[-1, :] = 1.0
b = np.zeros(K + 1); b[-1] = 1.0
pi = solve(M, b)
p_wait = pi[N:].sum()
EQ = sum((n - N) * pi[n] for n in range(N, K + 1))
p_ab = th * EQ / lam  # abandonment flow over arrival flow

# Tagged caller: states 0..J (callers ahead), then 'served' (J+1) and 'abandoned' (J+2).
J = K - N
G = np.zeros((J + 3, J + 3))
for j in range(J + 1):
    fwd = N * mu + j * th
    G[j, j - 1 if j > 0 else J + 1] += fwd
    G[j, J + 2] += th
    G[j, j] = -(fwd + th)
init = np.zeros(J + 3); init[:J + 1] = pi[N:]
sl = pi[:N].sum() + (init @ expm(G * T))[J + 1]
# E[wait; served] = ∫ t · init e^{Gₜt} r dt = init · Gₜ⁻² · r over the transient block Gₜ,
# with r the rates into 'served'; answered callers who did not wait add nothing.
Gt = G[:J + 1, :J + 1]
r = G[:J + 1, J + 1]
x = solve(Gt, solve(Gt, r))
served_total = pi[:N].sum() + init[:J + 1] @ (-solve(Gt, r))
mean_wait_served = (init[:J + 1] @ x) / served_total
print(json.dumps({"pWait": p_wait, "pAbandon": p_ab, "serviceLevel": sl, "asa": mean_wait_served, "pAbandonFromTagged": 1 - served_total}))
