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
# # Feature-wise logistic regression
#
# **The question.** Which feature groups, and which summary statistics, carry the genre, and what
# does each group add to the others?
#
# **Short answer.** Alone, **{glue:text}`04_featurewise_logreg.best_group`** does best of the
# {glue:text}`04_featurewise_logreg.n_groups` feature groups
# ({glue:text}`04_featurewise_logreg.best_group_test_accuracy:.1%` of the test tracks); all
# {glue:text}`04_featurewise_logreg.n_features:,` features together (the full model) reach
# {glue:text}`04_featurewise_logreg.all_features_test_accuracy:.1%`, and
# {glue:text}`04_featurewise_logreg.full_vs_best_group`. Of the statistics,
# **{glue:text}`04_featurewise_logreg.best_statistic`** does best
# ({glue:text}`04_featurewise_logreg.best_statistic_test_accuracy:.1%`), and
# {glue:text}`04_featurewise_logreg.best_statistic_vs_full`. Adding groups one at a time in the
# order the validation split prefers, validation accuracy first reaches its highest with
# {glue:text}`04_featurewise_logreg.forward_best_groups`.

# %% tags=["parameters", "remove-cell"]
dataset = "demo"  # dataset folder, or 'demo' for the synthetic demo dataset
feature_source = "auto"  # 'own' (the dataset's features.csv), 'extracted' (genrebook extract) or 'auto'
search = "full"  # size of the hyperparameter search on the validation split: 'full' or 'quick'
seed = 0  # seed of every random choice
jobs = -1  # worker processes (-1: all cores)

# %% tags=["remove-cell"]
from genrebook.book.chapter import setup_chapter
from genrebook.book.pages import featurewise

ch = setup_chapter("04_featurewise_logreg", globals())
ds = ch.dataset

# %% tags=["remove-input"]
ch.show_header()

# %% [markdown]
# The model throughout is the logistic regression of {doc}`03_classical_models`, from
# scikit-learn {cite}`pedregosa2011sklearn`: missing values replaced by the training median,
# every column standardised, then a multinomial logistic regression {cite}`cox1958regression`
# with an L2 penalty. For every set of columns its inverse penalty strength `C` is chosen again
# on the validation split (the `search` parameter sets the values tried), the chosen model is
# fitted on the training split and scored once on the test split, with a {glue:text}`04_featurewise_logreg.interval_level:.0%`
# bootstrap interval {cite}`efron1979bootstrap`. When one model is said to beat another, both
# were scored on the same test tracks and McNemar's exact test {cite}`mcnemar1947` on the tracks
# only one of them gets right decides; otherwise they are "not reliably different".
# {glue:text}`04_featurewise_logreg.sampling_note`
#
# ## One feature group at a time
#
# The features are {glue:text}`04_featurewise_logreg.feature_source`:
# {glue:text}`04_featurewise_logreg.n_features:,` columns in
# {glue:text}`04_featurewise_logreg.n_groups` groups
# ({glue:text}`04_featurewise_logreg.feature_groups`). Each group gets its own model.

# %% tags=["remove-cell"]
fits = featurewise.fit_feature_groups(ds, search=search, seed=seed, jobs=jobs)
sampling = ch.glue_all(featurewise.describe_sampling(fits))
groups = ch.glue_all(featurewise.describe_groups(ds, fits))

# %% tags=["remove-input"]
groups.table

# %% [markdown]
# ```{glue:figure} 04_featurewise_logreg.group_accuracies
# :name: fig-04-groups
# :alt: Horizontal bars of the test accuracy of a logistic regression on each feature group, with interval whiskers and a dashed line at the accuracy on all features.
#
# Test accuracy (%) of the logistic regression on each feature group alone, best first, with
# {glue:text}`04_featurewise_logreg.interval_level:.0%` bootstrap intervals; the dashed line is
# the model on all {glue:text}`04_featurewise_logreg.n_features:,` features
# ({glue:text}`04_featurewise_logreg.all_features_test_accuracy:.1%`).
# ```
#
# Alone, **{glue:text}`04_featurewise_logreg.best_group`** reaches
# {glue:text}`04_featurewise_logreg.best_group_test_accuracy:.1%` and
# {glue:text}`04_featurewise_logreg.worst_group` only
# {glue:text}`04_featurewise_logreg.worst_group_test_accuracy:.1%`
# ({numref}`fig-04-groups`). All features together, the full
# model, reach {glue:text}`04_featurewise_logreg.all_features_test_accuracy:.1%`
# ({glue:text}`04_featurewise_logreg.all_features_test_low:.1%` to
# {glue:text}`04_featurewise_logreg.all_features_test_high:.1%`; training
# {glue:text}`04_featurewise_logreg.all_features_train_accuracy:.1%`): next to the best group
# alone, the other groups {glue:text}`04_featurewise_logreg.gap_over_best_group` on the test
# split, and
# {glue:text}`04_featurewise_logreg.full_vs_best_group`. Groups whose bars reach the line carry
# most of what the model can use; a large gap means the groups complement each other.
# {glue:text}`04_featurewise_logreg.balance_note`
#
# ### Next to the original analysis
#
# The original analysis this book revisits {cite}`originalanalysis` reported this logistic regression on FMA's 140 MFCC
# statistics alone and on all 518 statistics of fma_small. It gives two figures for the MFCC
# model: {glue:text}`04_featurewise_logreg.reported_mfcc_summary:.1%` in its summary, and
# {glue:text}`04_featurewise_logreg.reported_mfcc_modeling:.1%` (training
# {glue:text}`04_featurewise_logreg.reported_all_train:.1%`) in its modeling section, the same
# figures as its model on all 518 statistics. Both are shown, as reported, not recomputed.

# %% tags=["remove-cell"]
original = ch.glue_all(featurewise.compare_with_original(ds, fits))

# %% tags=["remove-input"]
original.table

# %% [markdown]
# {glue:text}`04_featurewise_logreg.original_verdict` Even a group with FMA's name need not hold
# FMA's numbers: a `features.csv` does not record which part of the clip or which sample rate it
# was computed from ({doc}`02_limitations` compares the sources).
#
# ### FMA's own figures, for scale
#
# The FMA paper {cite}`defferrard2017fma` reports the accuracy of four classifiers per feature
# set, but on fma_medium: 16 unbalanced genres and about 25,000 tracks, with each classifier at
# scikit-learn's defaults. They set the scale of what each group can do; they are not a bar for
# this dataset. The figures were copied as a public summary of the paper quotes them, and they
# agree with the table in the paper's own source files. Two rows need care: the chroma row has 84
# values, one of FMA's three chroma groups, and the paper does not say which; and the row it
# labels MFCC + spectral contrast + spectral centroid has 273 values, the size of MFCC + spectral
# contrast + one chroma group (with the centroid it would have 196). Both are shown as the paper
# gives them.

# %% tags=["remove-cell"]
paper = ch.glue_all(featurewise.compare_with_fma_paper(ds, fits))

# %% tags=["remove-input"]
paper.table

# %% [markdown]
# {glue:text}`04_featurewise_logreg.fma_medium_verdict`
#
# ## One statistic at a time
#
# Each group is summarised over time by statistics
# ({glue:text}`04_featurewise_logreg.statistics` here). Here the model sees one statistic of
# every group at once.

# %% tags=["remove-cell"]
statistics = ch.glue_all(featurewise.describe_statistics(ds, fits))

# %% tags=["remove-input"]
statistics.table

# %% [markdown]
# ```{glue:figure} 04_featurewise_logreg.statistic_accuracies
# :name: fig-04-statistics
# :alt: Horizontal bars of the test accuracy of a logistic regression on each statistic, with interval whiskers and a dashed line at the accuracy on all features.
#
# Test accuracy (%) of the logistic regression on one statistic of every group, best first, with
# {glue:text}`04_featurewise_logreg.interval_level:.0%` bootstrap intervals; the dashed line is
# the model on all features.
# ```
#
# Of the {glue:text}`04_featurewise_logreg.n_statistics` statistics,
# **{glue:text}`04_featurewise_logreg.best_statistic`**
# ({glue:text}`04_featurewise_logreg.best_statistic_columns:,` columns) does best with
# {glue:text}`04_featurewise_logreg.best_statistic_test_accuracy:.1%`, and
# {glue:text}`04_featurewise_logreg.worst_statistic` worst with
# {glue:text}`04_featurewise_logreg.worst_statistic_test_accuracy:.1%`
# ({numref}`fig-04-statistics`). Against all features,
# {glue:text}`04_featurewise_logreg.best_statistic_vs_full`. Statistics differ in how many
# columns they cover (a group summarised by one statistic only contributes to that one), so
# compare the column counts too. Higher moments such as skew and kurtosis are estimated less
# reliably than means from the same frames.
#
# ## Adding groups one at a time
#
# Greedy forward selection starts from nothing and, at each step, adds the group whose addition
# gives the best validation accuracy (each try tuned on its own). The validation split chooses;
# the test split only reports each step.

# %% tags=["remove-cell"]
forward = ch.glue_all(featurewise.describe_forward_selection(fits))

# %% tags=["remove-input"]
forward.table

# %% [markdown]
# ```{glue:figure} 04_featurewise_logreg.forward_selection
# :name: fig-04-forward
# :alt: Line chart of validation and test accuracy after each step of the forward selection, one tick per group added, with the test interval shaded.
#
# Validation accuracy (%, dashed: it chooses the group) and test accuracy (%, solid, with its
# {glue:text}`04_featurewise_logreg.interval_level:.0%` bootstrap interval shaded) after each
# step of the forward selection; each tick names the group the step adds.
# ```
#
# The validation split adds the groups in this order:
# {glue:text}`04_featurewise_logreg.forward_order`. The first,
# {glue:text}`04_featurewise_logreg.forward_first_group`, gives
# {glue:text}`04_featurewise_logreg.forward_first_test_accuracy:.1%` on the test split; all
# groups give {glue:text}`04_featurewise_logreg.forward_all_test_accuracy:.1%`
# ({numref}`fig-04-forward`). The last one added,
# {glue:text}`04_featurewise_logreg.forward_last_group`,
# {glue:text}`04_featurewise_logreg.forward_last_change` on the test split:
# {glue:text}`04_featurewise_logreg.forward_last_paired`.
# {glue:text}`04_featurewise_logreg.forward_peak`
#
# ## Takeaways
#
# - Alone, **{glue:text}`04_featurewise_logreg.best_group`** is the most informative group
#   ({glue:text}`04_featurewise_logreg.best_group_test_accuracy:.1%`); all groups together reach
#   {glue:text}`04_featurewise_logreg.all_features_test_accuracy:.1%`.
# - Of the statistics, **{glue:text}`04_featurewise_logreg.best_statistic`** carries the most
#   ({glue:text}`04_featurewise_logreg.best_statistic_test_accuracy:.1%`).
# - Forward selection adds {glue:text}`04_featurewise_logreg.forward_order`, in that order;
#   validation accuracy first reaches its highest with
#   {glue:text}`04_featurewise_logreg.forward_best_groups`
#   (step {glue:text}`04_featurewise_logreg.forward_best_step`, test
#   {glue:text}`04_featurewise_logreg.forward_best_test_accuracy:.1%`).

# %% tags=["remove-input"]
ch.show_parameters()
