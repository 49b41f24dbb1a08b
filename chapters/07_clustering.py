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
# **Short answer.** With as many clusters as genres ({glue:text}`07_clustering.genre_k`), the
# clustering closest to the genres is {glue:text}`07_clustering.best_label`
# ({glue:text}`07_clustering.best_label_note`), with an adjusted Rand index (ARI) of
# {glue:text}`07_clustering.best_ari_genre_k:.2f` and a normalised mutual information (NMI) of
# {glue:text}`07_clustering.best_nmi_genre_k:.2f`, where a random assignment scores
# {glue:text}`07_clustering.random_ari_genre_k:.2f` and {glue:text}`07_clustering.random_nmi_genre_k:.2f`
# and a perfect match 1. Left to choose their own number of clusters,
# {glue:text}`07_clustering.k_edge_verdict`. {glue:text}`07_clustering.artist_verdict`

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
from genrebook.book.chapter import setup_chapter
from genrebook.book.pages import clustering

ch = setup_chapter("07_clustering", globals())
ds = ch.dataset

# %% tags=["remove-input"]
ch.show_header()

# %% [markdown]
# ## What is clustered
#
# Two representations of the same tracks can be clustered. The handcrafted features of the
# earlier chapters are computed from the audio alone: clustering them uses no genre at all. The
# CNN embeddings are the values of the next-to-last layer of chapter 05's network
# ({doc}`05_cnn`), where it saved one; that network was trained to predict the genres of the
# training tracks, so it saw their genres, and the embeddings carry what it learnt from them.
# Each representation is imputed (medians), standardised and reduced to its leading principal
# components (at most {glue:text}`07_clustering.n_components`), so that distances weigh every
# direction of variation by how much the tracks vary along it and the mixture models stay small
# enough to fit. All fits use scikit-learn {cite}`pedregosa2011sklearn`.

# %% tags=["remove-cell"]
study = clustering.fit_study(ds, ch.params)
represented = ch.glue_all(clustering.describe_representations(study))

# %% tags=["remove-input"]
represented.table

# %% [markdown]
# The last column counts the tracks whose genre was used to make the representation
# ({glue:text}`07_clustering.n_genres_seen:,` in all). {glue:text}`07_clustering.cnn_note`
#
# ## How many clusters?
#
# Each method is fitted for every k from {glue:text}`07_clustering.k_min` to
# {glue:text}`07_clustering.k_max`. {glue:text}`07_clustering.k_note` k-means
# {cite}`lloyd1982kmeans` (the best of several starts) and Ward's agglomerative clustering
# {cite}`ward1963` (one tree, cut at every k) take the k with the highest silhouette
# {cite}`rousseeuw1987silhouette`: how much closer a track is to its own cluster than to the next
# one, from −1 to 1. The silhouette costs the square of the tracks, so it is computed on one fixed
# random subsample of {glue:text}`07_clustering.silhouette_sample:,` tracks, the same for every
# method and k. {glue:text}`07_clustering.ward_note` The Gaussian mixture (full covariances)
# takes the k with the lowest Bayesian information criterion (BIC) {cite}`schwarz1978bic`: its
# fit, penalised by its number of parameters.

# %% tags=["remove-cell"]
sweep = ch.glue_all(clustering.sweep_k(study))

# %% tags=["remove-input"]
sweep.table

# %% [markdown]
# ```{glue:figure} 07_clustering.k_sweep
# :name: fig-07-k-sweep
# :alt: Line charts of the silhouette of each method and the Gaussian mixture's BIC against the number of clusters, one row per representation, the chosen k starred.
#
# Left: the silhouette of each clustering against the number of clusters k (computed on
# {glue:text}`07_clustering.silhouette_sample:,` tracks). Right: the Gaussian mixture's BIC
# (lower is better). Stars mark the k each method chose; one row per representation.
# ```
#
# Where the methods chose their own k, {glue:text}`07_clustering.k_edge_verdict`. The highest silhouette
# of any fit is {glue:text}`07_clustering.max_silhouette:.2f`; a silhouette near zero means the
# clusters touch, so the tracks form a continuum more than separate groups.
# {glue:text}`07_clustering.bic_trend` Where the BIC rises with k, each added component's
# parameters (a full covariance matrix in as many dimensions as components kept) cost more than
# they improve the fit; where it still falls at the largest k tried, more components would still
# pay. Either way the BIC counts the Gaussian shapes the data supports, not the genres.
#
# ## Clusters against genres
#
# Three scores compare each clustering with the genres, at k = {glue:text}`07_clustering.genre_k`
# (as many clusters as genres) and at its chosen k. The ARI {cite}`hubert1985ari` counts the
# pairs of tracks put together or apart in both, corrected for chance (0: chance, 1: the same
# partition). The NMI {cite}`strehl2002nmi` is the information the clusters give about the
# genre, from 0 to 1. Purity is the share of tracks whose genre is the most common one in their
# cluster; it grows with k. The last row is the floor: the mean of ten uniformly random
# assignments to {glue:text}`07_clustering.genre_k` clusters.

# %% tags=["remove-cell"]
agreement = ch.glue_all(clustering.score_against_genres(study))

# %% tags=["remove-input"]
agreement.table

# %% [markdown]
# At k = {glue:text}`07_clustering.genre_k` the clustering that agrees best with the genres is
# {glue:text}`07_clustering.best_label`: ARI {glue:text}`07_clustering.best_ari_genre_k:.2f`,
# NMI {glue:text}`07_clustering.best_nmi_genre_k:.2f` and purity
# {glue:text}`07_clustering.best_purity_genre_k:.1%`, against
# {glue:text}`07_clustering.random_ari_genre_k:.2f`, {glue:text}`07_clustering.random_nmi_genre_k:.2f`
# and {glue:text}`07_clustering.random_purity_genre_k:.1%` for a random assignment. Scores
# between the floor and 1 mean that a track's representation carries some of its genre, but that
# the groups it forms by itself are not the genres.
#
# ## The genre mix of each cluster
#
# {numref}`fig-07-contingency` takes {glue:text}`07_clustering.shown_label` at
# k = {glue:text}`07_clustering.genre_k` (the clustering with the highest ARI) and shows, for
# each cluster, the share of its tracks in each genre.

# %% tags=["remove-cell"]
mix = ch.glue_all(clustering.mix_genres(study))

# %% [markdown]
# ```{glue:figure} 07_clustering.contingency
# :name: fig-07-contingency
# :alt: Heat map of genres (rows) against clusters (columns), each cell the percentage of the cluster's tracks in that genre.
#
# Genre mix of each cluster of {glue:text}`07_clustering.shown_label`: each column sums to
# 100 %; clusters are numbered from the largest, their number of tracks in brackets.
# ```
#
# The highest share of a single genre in a cluster, {glue:text}`07_clustering.purest_share:.1%` of
# its tracks, is that of {glue:text}`07_clustering.purest_clusters`. A column spread over many
# genres is a sound that several genres share; a genre spread over many columns has several sounds.
#
# ## A map of the tracks
#
# t-SNE {cite}`vandermaaten2008tsne` draws the same tracks in two dimensions, keeping neighbours
# together; it says little about the distances between far groups. It is computed on a random
# subsample of {glue:text}`07_clustering.map_tracks:,` tracks of the representation above.

# %% tags=["remove-cell"]
tsne = ch.glue_all(clustering.map_tracks(study, size=map_size, seed=seed))

# %% [markdown]
# ```{glue:figure} 07_clustering.tsne_map
# :name: fig-07-tsne
# :alt: Two scatter plots of the same t-SNE map of the tracks, the left coloured by genre, the right by cluster.
#
# A t-SNE map of {glue:text}`07_clustering.map_tracks:,` tracks (axes without units), coloured
# by genre (left) and by the clusters of {numref}`fig-07-contingency` (right).
# ```
#
# Where a colour of the left panel forms its own region, that genre has a sound of its own in
# this representation; where colours mix, it does not separate the genres. The clusters on the
# right cut the same cloud into regions whether or not it has gaps between them: a cluster that
# spans several regions of the left panel mixes genres.
#
# ## What a cluster is
#
# For each cluster: its size, its three most common genres, how many artists it holds and the
# share of its largest artist, and the three tracks nearest its centre, its most typical members.

# %% tags=["remove-cell"]
clusters = ch.glue_all(clustering.describe_clusters(study))

# %% tags=["remove-input"]
clusters.table

# %% [markdown]
# ## Do clusters follow artists?
#
# Tracks by one artist usually share a genre too, so the fair comparison is with pairs of tracks
# of one genre by different artists. The table counts pairs of tracks in the clustering above.

# %% tags=["remove-cell"]
artists = ch.glue_all(clustering.follow_artists(study))

# %% tags=["remove-input"]
artists.table

# %% [markdown]
# {glue:text}`07_clustering.artist_verdict` Any two tracks share a cluster
# {glue:text}`07_clustering.any_pair_rate:.1%` of the time. Where an artist's tracks land
# together more often than other tracks of their genre, part of what the clusters group is the
# artist (a voice, a production, a recording chain): the artist effect that {doc}`02_limitations`
# measured for classifiers.
#
# ## Handcrafted features or CNN embeddings?
#
# The table sets the representations side by side at k = {glue:text}`07_clustering.genre_k`,
# on all tracks and on the {glue:text}`07_clustering.n_heldout:,` validation and test tracks only,
# whose genres chapter 05's network never saw (they are clustered with all the others and scored
# alone).

# %% tags=["remove-cell"]
weighed = ch.glue_all(clustering.weigh_representations(study))

# %% tags=["remove-input"]
weighed.table

# %% [markdown]
# Taking each representation's best method: on all tracks,
# {glue:text}`07_clustering.representation_verdict`; on the tracks outside training,
# {glue:text}`07_clustering.heldout_verdict`. The network was trained to tell the genres apart, so
# its embeddings are expected to group by genre, most of all for the training tracks whose genres
# it saw; the handcrafted features have to find the genres without them.
#
# ## Takeaways
#
# - At k = {glue:text}`07_clustering.genre_k`, the clustering closest to the genres is
#   {glue:text}`07_clustering.best_label` ({glue:text}`07_clustering.best_label_note`):
#   ARI {glue:text}`07_clustering.best_ari_genre_k:.2f` and NMI
#   {glue:text}`07_clustering.best_nmi_genre_k:.2f`, against
#   {glue:text}`07_clustering.random_ari_genre_k:.2f` and
#   {glue:text}`07_clustering.random_nmi_genre_k:.2f` for a random assignment.
# - Where the methods chose their own k, {glue:text}`07_clustering.k_edge_verdict`; the number
#   of clusters the data supports need not be the number of genres.
# - {glue:text}`07_clustering.artist_verdict`
# - Of the representations, on all tracks {glue:text}`07_clustering.representation_verdict`; on the
#   tracks outside training, whose genres the network never saw,
#   {glue:text}`07_clustering.heldout_verdict`.

# %% tags=["remove-input"]
ch.show_parameters()
