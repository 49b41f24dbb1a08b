# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: genrebook (.venv)
#     language: python
#     name: genrebook
# ---

# %% [markdown]
# # Clustering
#
# **The question.** Set the genres the artists chose aside: do the tracks fall into groups of
# their own, and how far do those groups follow the genres?
#
# **Short answer.** With as many clusters as genres ({glue:text}`06_clustering.genre_k`), the
# clustering closest to the genres, {glue:text}`06_clustering.best_label`, reaches an adjusted
# Rand index (ARI) of {glue:text}`06_clustering.best_ari_genre_k:.3f` and a normalised mutual
# information (NMI) of {glue:text}`06_clustering.best_nmi_genre_k:.3f`; a random assignment
# scores {glue:text}`06_clustering.random_ari_genre_k:.3f` and
# {glue:text}`06_clustering.random_nmi_genre_k:.3f`, and a perfect match 1. Left to choose their
# number of clusters, the methods pick {glue:text}`06_clustering.chosen_ks`. Two tracks by one
# artist share a cluster {glue:text}`06_clustering.same_artist_rate:.0%` of the time, two tracks
# of one genre by different artists {glue:text}`06_clustering.same_genre_rate:.0%`.
# {glue:text}`06_clustering.representation_verdict`

# %% tags=["parameters", "remove-cell"]
dataset = "demo"  # dataset folder, or 'demo' for the synthetic demo dataset
feature_source = "auto"  # 'own' (the dataset's features.csv), 'extracted' (genrebook extract) or 'auto'
representations = "all"  # what to cluster: 'all', or a selection of 'features', 'cnn' (chapter 05's embeddings)
methods = "all"  # 'all', or a selection of 'kmeans', 'gmm', 'ward'
k_min = 2  # smallest number of clusters tried
k_max = 16  # largest number of clusters tried (lowered to one below the number of tracks)
n_components = 32  # principal components each representation is reduced to before clustering
map_size = 3000  # tracks drawn on the t-SNE map (a random subsample)
seed = 0  # seed of every random choice (fits, silhouette subsample, random floor, map subsample)

# %% tags=["remove-cell"]
import pandas as pd
from IPython.display import display

from genrebook.book.chapter import setup_chapter
from genrebook.book.clustering import compare_representations, describe_chosen_k, make_score_table
from genrebook.clustering.agreement import (
    compute_map, compute_pair_rates, describe_clusters, make_contingency, score_random_assignment,
    summarize_agreement,
)
from genrebook.clustering.fit import (
    REPRESENTATIONS, SILHOUETTE_SAMPLE, cluster_representation, collect_matrices,
    describe_representations, make_representation, name_clustering,
    renumber_by_size, resolve_k_range,
)
from genrebook.plots.clustering import plot_cluster_maps, plot_contingency, plot_k_sweep

ch = setup_chapter("06_clustering", globals())
ds = ch.dataset
k_min, k_max, k_note = resolve_k_range(k_min, k_max, len(ds.tracks))
genre_k = min(len(ds.genre_names), len(ds.tracks) - 1)
picked_methods = list(ch.params["methods"])
matrices, cnn_note = collect_matrices(ds, list(ch.params["representations"]))

# %% tags=["remove-input"]
ch.show_header()

# %% [markdown]
# ## What is clustered
#
# Two representations of the same tracks can be clustered: the handcrafted features of the
# earlier chapters, and the values of the next-to-last layer of chapter 05's network, where it
# saved one. Each is imputed (medians), standardised and reduced to its first
# {glue:text}`06_clustering.n_components` principal components: distances then weigh every
# direction of variation by how much the tracks vary along it, and the mixture models stay
# small enough to fit.

# %% tags=["remove-cell"]
reduced = {name: make_representation(matrix, n_components=n_components, seed=seed)
           for name, matrix in matrices.items()}
sizes = describe_representations(matrices, reduced)
ch.glue("n_components", n_components)
ch.glue("cnn_note", cnn_note[0].upper() + cnn_note[1:] + ".")
ch.glue("representations", ", ".join(REPRESENTATIONS[name] for name in matrices))

# %% tags=["remove-input"]
sizes

# %% [markdown]
# The table gives, for each representation, its tracks, its values per track, the components
# kept and the share of the standardised variance they hold. CNN embeddings:
# {glue:text}`06_clustering.cnn_note`
#
# ## How many clusters?
#
# Each method is fitted for every k from {glue:text}`06_clustering.k_min` to
# {glue:text}`06_clustering.k_max`. {glue:text}`06_clustering.k_note` k-means (best of several
# starts) and Ward's agglomerative clustering (one tree, cut at every k) take the k with the
# highest silhouette: how much closer a track is to its own cluster than to the next one, from
# -1 to 1. The silhouette costs the square of the tracks, so it is computed on one fixed random
# subsample of {glue:text}`06_clustering.silhouette_sample:,` tracks, the same for every method and
# k. The Gaussian mixture (full covariances) takes the k with the lowest Bayesian information
# criterion (BIC), its fit penalised by its number of parameters.

# %% tags=["remove-cell"]
runs = [cluster_representation(X, name, picked_methods, (k_min, k_max), extra_k=genre_k, seed=seed)
        for name, (X, _) in reduced.items()]
scores = summarize_agreement(runs, ds.tracks["genre"], genre_k=genre_k)
ch.glue("k_min", k_min)
ch.glue("k_max", k_max)
ch.glue("k_note", k_note or "The range is used as given.")
ch.glue("silhouette_sample", min(SILHOUETTE_SAMPLE, len(ds.tracks)))
ch.glue("chosen_ks", describe_chosen_k(scores))

# %% tags=["remove-input"]
for run in runs:
    fig, axes = plot_k_sweep(run.sweep, run.chosen_k, title=REPRESENTATIONS[run.representation])

# %% [markdown]
# The methods pick {glue:text}`06_clustering.chosen_ks` (stars in the figures). A silhouette
# near zero means the clusters touch: the tracks form a continuum more than separate groups, and
# the silhouette's favourite k is then often the smallest. The BIC of the mixture keeps falling
# as long as more components describe the density better; its minimum says how many Gaussian
# shapes the data supports, not how many genres there are.
#
# ## Clusters against genres
#
# Three scores compare each clustering with the genres, at k = {glue:text}`06_clustering.genre_k`
# (as many clusters as genres) and at the chosen k. The ARI counts pairs of tracks put together
# or apart in both, corrected for chance (0: chance, 1: the same partition). The NMI is the
# information the clusters give about the genre, from 0 to 1. Purity is the share of tracks whose
# genre is the most common one in their cluster; it grows with k. The last row is the floor: the
# mean of ten uniformly random assignments to {glue:text}`06_clustering.genre_k` clusters.

# %% tags=["remove-cell"]
floor = score_random_assignment(ds.tracks["genre"], genre_k, seed=seed)
for (representation, method), row in scores.iterrows():
    for column in ("chosen_k", "ari_genre_k", "nmi_genre_k", "purity_genre_k", "ari_chosen_k", "nmi_chosen_k"):
        ch.glue(f"{representation}_{method}_{column}", int(row[column]) if column == "chosen_k" else row[column])
best_representation, best_method = scores["ari_genre_k"].idxmax()
ch.glue("genre_k", genre_k)
ch.glue("best_label", name_clustering(best_representation, best_method))
for column in ("ari_genre_k", "nmi_genre_k", "purity_genre_k"):
    ch.glue(f"best_{column}", scores.loc[(best_representation, best_method), column])
    ch.glue(f"random_{column}", floor[column.removesuffix("_genre_k")])

# %% tags=["remove-input"]
make_score_table(scores, floor, genre_k=genre_k).style.format(precision=3, na_rep="")

# %% [markdown]
# At k = {glue:text}`06_clustering.genre_k` the best agreement is that of
# {glue:text}`06_clustering.best_label`: ARI {glue:text}`06_clustering.best_ari_genre_k:.3f`,
# NMI {glue:text}`06_clustering.best_nmi_genre_k:.3f`, purity
# {glue:text}`06_clustering.best_purity_genre_k:.1%`, against
# {glue:text}`06_clustering.random_ari_genre_k:.3f`, {glue:text}`06_clustering.random_nmi_genre_k:.3f`
# and {glue:text}`06_clustering.random_purity_genre_k:.1%` for a random assignment. Scores
# between the floor and 1 mean that the sound of a track carries some of its genre, but that the
# groups the sound forms by itself are not the genres.
#
# ## The genre mix of each cluster
#
# The heatmap takes the clustering above at k = {glue:text}`06_clustering.genre_k` and shows, for
# each cluster (numbered from the largest, its size below), the share of its tracks in each genre.

# %% tags=["remove-cell"]
best_run = next(run for run in runs if run.representation == best_representation)
best_labels = pd.Series(renumber_by_size(best_run.labels[best_method, genre_k]), index=best_run.X.index)
best_tracks = ds.tracks.loc[best_run.X.index]
contingency = make_contingency(best_tracks["genre"], best_labels)
purest = (contingency / contingency.sum(axis=0)).max(axis=0)
ch.glue("purest_cluster", int(purest.idxmax()))
ch.glue("purest_cluster_share", float(purest.max()))
ch.glue("purest_cluster_genre", contingency[purest.idxmax()].idxmax())

# %% tags=["remove-input"]
fig, ax = plot_contingency(contingency)

# %% [markdown]
# The most homogeneous cluster, number {glue:text}`06_clustering.purest_cluster`, is
# {glue:text}`06_clustering.purest_cluster_share:.0%` {glue:text}`06_clustering.purest_cluster_genre`.
# A column spread over many genres is a sound that several genres share; a genre spread over
# many columns has several sounds.
#
# ## A map of the tracks
#
# The same tracks drawn in two dimensions: the first two principal components, and a t-SNE map
# (which keeps neighbours together and says little about distances between far groups). t-SNE is
# computed on a random subsample of {glue:text}`06_clustering.map_tracks:,` tracks; the PCA panels
# show the same tracks. Left coloured by genre, right by the clusters of the heatmap.

# %% tags=["remove-cell"]
coords = compute_map(best_run.X, size=map_size, seed=seed)
ch.glue("map_tracks", len(coords))

# %% tags=["remove-input"]
fig, axes = plot_cluster_maps(coords, best_tracks["genre"], best_labels)

# %% [markdown]
# Where a colour of the left panels forms its own region, that genre has a sound of its own;
# where colours mix, this representation does not separate the genres. The clusters on the right
# cut the same cloud into regions whether or not it has gaps between them: a cluster that spans
# several regions of the left panels mixes genres.
#
# ## What a cluster is
#
# For each cluster: its size, its three most common genres, how many artists it holds and the
# share of its largest artist, and the three tracks nearest its centre.

# %% tags=["remove-cell"]
clusters = describe_clusters(best_run.X, best_labels, ds.tracks)
pairs = compute_pair_rates(best_labels, best_tracks)
rates = pairs["same cluster"]
ch.glue("same_artist_rate", rates["same artist"])
ch.glue("same_genre_rate", rates["same genre, other artist"])
ch.glue("any_pair_rate", rates["any two tracks"])
ch.glue("artist_verdict", "more often than" if rates["same artist"] > rates["same genre, other artist"]
        else "no more often than")

# %% tags=["remove-input"]
display(clusters.style.format({"top genre share": "{:.0%}", "top artist share": "{:.0%}"}))
display(pairs.style.format({"pairs": "{:,}", "same cluster": "{:.1%}"}))

# %% [markdown]
# The tracks nearest a centre are its most typical members. Do clusters follow artists more than
# genres? The second table counts pairs of tracks: two tracks by one artist share a cluster
# {glue:text}`06_clustering.same_artist_rate:.0%` of the time, two tracks of one genre by
# different artists {glue:text}`06_clustering.same_genre_rate:.0%`, and any two tracks
# {glue:text}`06_clustering.any_pair_rate:.0%`. Tracks by one artist land together
# {glue:text}`06_clustering.artist_verdict` tracks that only share a genre. Where an artist's
# tracks land together more often, part of what the clusters group is the artist (a voice, a
# production, a recording chain): the artist effect that chapter 02 measured for classifiers.
#
# ## Handcrafted features or CNN embeddings?
#
# The table sets the representations side by side: ARI and NMI at
# k = {glue:text}`06_clustering.genre_k`, per method.

# %% tags=["remove-cell"]
comparison, verdict = compare_representations(scores)
ch.glue("representation_verdict", verdict)

# %% tags=["remove-input"]
comparison.style.format(precision=3)

# %% [markdown]
# {glue:text}`06_clustering.representation_verdict` The network was trained to tell the genres
# apart, so its embeddings are expected to group by genre; features that were not have to find
# the genres by themselves. {glue:text}`06_clustering.cnn_note`
#
# ## Takeaways
#
# - Clusters found without labels reach at best ARI
#   {glue:text}`06_clustering.best_ari_genre_k:.3f` and NMI
#   {glue:text}`06_clustering.best_nmi_genre_k:.3f` at k = {glue:text}`06_clustering.genre_k`
#   ({glue:text}`06_clustering.best_label`).
# - The number of clusters the data itself supports ({glue:text}`06_clustering.chosen_ks`)
#   need not be the number of genres.
# - Tracks by one artist share a cluster {glue:text}`06_clustering.same_artist_rate:.0%` of the
#   time, tracks of one genre by other artists {glue:text}`06_clustering.same_genre_rate:.0%`:
#   one artist's tracks land together {glue:text}`06_clustering.artist_verdict` tracks that only
#   share a genre.
# - {glue:text}`06_clustering.representation_verdict`
