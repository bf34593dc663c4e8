"""A force-directed layout fast enough for tens of thousands of actors.

vis-network's in-browser physics takes minutes past ~1.5k nodes and networkx's
``spring_layout`` computes every pair of nodes (minutes at 20k, in pure Python loops), so
large graphs are laid out here instead: Fruchterman-Reingold with the repulsion between all
pairs approximated on a grid (particle-mesh, by FFT) and computed exactly between close
nodes (a k-d tree), the connected components packed side by side. Cost per iteration is
about linear in nodes plus edges.

Examples
--------
>>> import networkx as nx
>>> pos = fast_layout(nx.path_graph(4), seed=1)
>>> sorted(pos), len(pos[0])
([0, 1, 2, 3], 2)
>>> fast_layout(nx.path_graph(4), seed=1) == pos  # deterministic for a given seed
True
"""

from __future__ import annotations

import math
from functools import lru_cache

import networkx as nx
import numpy as np

_GRID = 256        # most cells per side of the repulsion grid
_NEIGHBOURS = 8    # exact repulsion from up to this many nearest nodes in the same cell
_REFRESH = 4       # steps between nearest-neighbour searches
_GRAVITY = 0.02    # pull towards the component's centre
_PIVOT_MDS_FROM = 16  # components this large start from pivot MDS, smaller ones at random


def fast_layout(G: nx.Graph, *, seed: int = 0, iterations: int | None = None, scale: float = 100.0) -> dict:
    """Positions ``{node: (x, y)}`` for every node of ``G``; the median edge is ``scale`` long.

    Direction and parallel edges are ignored. Connected components are laid out side by
    side, the largest first, in a roughly square area; isolated nodes fill a grid.

    Parameters
    ----------
    G : networkx graph
    seed : int
        Seed of the random start, so the same graph always gets the same picture.
    iterations : int, optional
        Cooling steps; by default from 300 for small graphs down to 50 from 8,000 nodes, so
        that the time stays within a few seconds at 20,000.
    scale : float
        The median edge length in output units (vis-network pixels).
    """
    nodes = list(G)
    if not nodes:
        return {}
    # scipy here and in the helpers: a page that needs no layout does not import it (half a second)
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    index = {n: i for i, n in enumerate(nodes)}
    pairs = np.array([(index[u], index[v]) for u, v in G.edges() if u != v], dtype=np.int64).reshape(-1, 2)
    pairs = np.unique(np.sort(pairs, axis=1), axis=0)  # undirected, no parallel edges
    adjacency = coo_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(len(nodes),) * 2)
    _, component = connected_components(adjacency, directed=False)
    sizes = np.bincount(component)
    # components largest first, ties by their first node, so the result does not depend on numbering
    first = np.full(len(sizes), len(nodes))
    np.minimum.at(first, component, np.arange(len(nodes)))
    order = np.lexsort((first, -sizes))
    by_component = np.argsort(component, kind="stable")
    bounds = np.concatenate([[0], np.cumsum(sizes)])
    members_of = {c: by_component[bounds[c]:bounds[c + 1]] for c in range(len(sizes))}
    groups = [members_of[c] for c in order if sizes[c] > 1]
    isolates = [int(members_of[c][0]) for c in order if sizes[c] == 1]
    pos = np.zeros((len(nodes), 2))
    rng = np.random.default_rng(seed)
    boxes = []
    if groups:
        members = np.concatenate(groups)
        label = np.empty(len(nodes), dtype=np.int64)
        csr = (adjacency + adjacency.T).tocsr()
        starts = []
        for c, group in enumerate(groups):
            label[group] = c
            # a start that already has the global shape: pivot MDS for all but tiny components
            if len(group) >= _PIVOT_MDS_FROM:
                xy = _pivot_mds(csr[group][:, group], rng)
                # no wider than a random start: long chains (trees) then fold in, rather than
                # staying stretched out with their branches squeezed onto them
                extent = float((xy.max(axis=0) - xy.min(axis=0)).max())
                xy *= min(1.0, math.sqrt(len(group)) * 1.5 / max(extent, 1e-9))
            else:
                xy = rng.uniform(0, math.sqrt(len(group)), (len(group), 2))
            xy -= xy.min(axis=0)
            pos[group] = xy
            width, height = xy.max(axis=0) + 1.0
            starts.append((group, width, height))
        _pack(starts, pos, gap=6.0)
        sides = np.array([max(w, h) for _, w, h in starts])
        local = np.empty(len(nodes), dtype=np.int64)
        local[members] = np.arange(len(members))
        if iterations is None:
            iterations = max(50, min(300, 400_000 // len(members)))
        xy = _fruchterman_reingold(pos[members], local[pairs], label[members], sides, iterations)
        pos[members] = xy
        # repulsion from every node stretches big components: make the median edge 1 long
        # in each, so that ``scale`` means the same at any size
        edge_label = label[pairs[:, 0]]
        order = np.argsort(edge_label, kind="stable")
        length = np.sqrt(((pos[pairs[order, 0]] - pos[pairs[order, 1]]) ** 2).sum(axis=1))
        per_group = np.split(length, np.searchsorted(edge_label[order], np.arange(1, len(groups))))
        for group, group_lengths in zip(groups, per_group):
            median = float(np.median(group_lengths)) if len(group_lengths) else 1.0
            pos[group] /= max(median, 1e-9)
        for group in groups:
            group_xy = pos[group]
            low = group_xy.min(axis=0)
            pos[group] = group_xy - low
            width, height = group_xy.max(axis=0) - low + 1.0
            boxes.append((group, width, height))
    if isolates:
        side = math.ceil(math.sqrt(len(isolates)))
        for i, m in enumerate(isolates):
            pos[m] = (i % side, i // side)
        boxes.append((np.array(isolates), float(side), float(math.ceil(len(isolates) / side))))
    _pack(boxes, pos)
    pos -= pos.mean(axis=0)
    pos *= scale
    return {n: (float(pos[i, 0]), float(pos[i, 1])) for i, n in enumerate(nodes)}


def _fruchterman_reingold(xy, edges, label, sides, iterations):
    """Fruchterman-Reingold with ideal edge length 1 for all components at once.

    Repulsion between all pairs is approximated on a grid (particle-mesh: the node density
    convolved with the k^2/d force by FFT), exact between nodes that share a grid cell
    (nearest neighbours from a k-d tree); gravity pulls each component to its own centre.
    """
    from scipy.spatial import cKDTree

    n = len(xy)
    neighbours = min(_NEIGHBOURS, n - 1)
    u, v = edges[:, 0], edges[:, 1]
    count = np.bincount(label, minlength=len(sides)).astype(float)
    temperature = 0.05 * sides[label] + 1.0
    cool = temperature / (iterations + 1)
    for step in range(iterations):
        disp, cell = _far_field(xy, label, count)
        if step % _REFRESH == 0:
            # who is near whom changes slowly: refresh the neighbour pairs every few steps only
            _, near = cKDTree(xy).query(xy, k=neighbours + 1)
            i = np.repeat(np.arange(n), neighbours)
            j = near[:, 1:].ravel()
        near_pair = (cell[i] == cell[j]) & (label[i] == label[j])
        a, b = i[near_pair], j[near_pair]
        delta = xy[a] - xy[b]
        dist2 = np.maximum((delta ** 2).sum(axis=1), 1e-4)
        _accumulate(disp, a, delta / dist2[:, None])  # unit vector * k^2 / d
        delta = xy[u] - xy[v]
        dist = np.sqrt((delta ** 2).sum(axis=1))
        pull = delta * dist[:, None]  # unit vector * d^2 / k
        _accumulate(disp, u, -pull)
        _accumulate(disp, v, pull)
        centre = np.stack([np.bincount(label, weights=xy[:, d]) for d in (0, 1)], axis=1) / count[:, None]
        disp -= _GRAVITY * (xy - centre[label])
        length = np.maximum(np.sqrt((disp ** 2).sum(axis=1)), 1e-9)
        xy = xy + disp * (np.minimum(length, temperature) / length)[:, None]
        temperature = np.maximum(temperature - cool, 0.05)
    return xy


def _pivot_mds(adjacency, rng, pivots: int = 50) -> np.ndarray:
    """Positions from hop distances to a few far-apart pivot nodes (Brandes & Pich, "Eigensolver
    methods for progressive multidimensional scaling of large data", 2006): a connected
    component's global shape for the price of a few breadth-first searches."""
    from scipy.sparse.csgraph import shortest_path

    n = adjacency.shape[0]
    k = min(pivots, n)
    chosen = [int(rng.integers(n))]
    distances = np.empty((n, k))
    nearest = np.full(n, np.inf)
    for p in range(k):
        distances[:, p] = shortest_path(adjacency, unweighted=True, indices=chosen[p])
        nearest = np.minimum(nearest, distances[:, p])
        if p + 1 < k:
            chosen.append(int(np.argmax(nearest)))  # the node farthest from every pivot so far
    squared = distances ** 2
    centred = squared - squared.mean(axis=0) - squared.mean(axis=1)[:, None] + squared.mean()
    centred *= -0.5
    # the top two eigenvectors of the small k x k matrix C'C, then C V (not an SVD of C)
    _, vectors = np.linalg.eigh(centred.T @ centred)
    xy = centred @ vectors[:, ::-1][:, :2]
    if xy.shape[1] < 2:
        xy = np.column_stack([xy, np.zeros(n)])
    return xy + rng.normal(0, 0.05, (n, 2))  # no two nodes exactly on top of each other


def _far_field(xy, label, count):
    """Repulsion on every node from the nodes in other grid cells, and each node's cell.

    Components share the grid, so each component's net push (which would only move it
    bodily, and it is packed again afterwards anyway) is taken out.
    """
    low = xy.min(axis=0)
    extent = max(float((xy.max(axis=0) - low).max()), 1e-9)
    # cells about one ideal edge length wide, so few nodes share one, within a bounded grid
    size = next((s for s in (16, 32, 64, 128) if s - 1 >= extent), _GRID)
    h = extent / (size - 1)
    cells = np.minimum(((xy - low) / h).astype(np.int64), size - 1)
    cell = cells[:, 0] * size + cells[:, 1]
    density = np.bincount(cell, minlength=size * size).reshape(size, size).astype(float)
    spectrum = np.fft.rfft2(density, s=(2 * size, 2 * size))
    kernel_x, kernel_y = _kernel(size)
    force = np.empty((len(xy), 2))
    for d, kernel in enumerate((kernel_x, kernel_y)):
        field = np.fft.irfft2(spectrum * kernel, s=(2 * size, 2 * size))[:size, :size]
        force[:, d] = field.ravel()[cell] / h
    drift = np.stack([np.bincount(label, weights=force[:, d]) for d in (0, 1)], axis=1) / count[:, None]
    return force - drift[label], cell


@lru_cache(maxsize=4)
def _kernel(size: int):
    """The FFT of the force a unit mass exerts across grid offsets (zero in its own cell),
    laid out for a linear (zero-padded) convolution."""
    offsets = np.fft.fftfreq(2 * size, 1 / (2 * size))
    dx, dy = np.meshgrid(offsets, offsets, indexing="ij")
    r2 = dx ** 2 + dy ** 2
    r2[0, 0] = np.inf
    return np.fft.rfft2(dx / r2), np.fft.rfft2(dy / r2)


def _accumulate(disp: np.ndarray, index: np.ndarray, values: np.ndarray) -> None:
    size = len(disp)
    disp[:, 0] += np.bincount(index, weights=values[:, 0], minlength=size)
    disp[:, 1] += np.bincount(index, weights=values[:, 1], minlength=size)


def _pack(boxes, pos: np.ndarray, gap: float = 2.0) -> None:
    """Shelf-pack boxes ``(members, width, height)`` (largest first) into rows about as wide
    as the whole is tall, moving the members' positions by each box's corner."""
    if not boxes:
        return
    area = sum((w + gap) * (h + gap) for _, w, h in boxes)
    row_width = max(math.sqrt(area) * 1.2, max(w for _, w, _ in boxes))
    x = y = row_height = 0.0
    for members, width, height in boxes:
        if x > 0 and x + width > row_width:
            x, y, row_height = 0.0, y + row_height + gap, 0.0
        pos[members] += (x, y)
        x += width + gap
        row_height = max(row_height, height)
