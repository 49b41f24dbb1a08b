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
# # Classical models
#
# **The question.** How well do classical classifiers predict the genre from the precomputed
# feature statistics, when each is tuned on the validation split only, and how do they compare
# with the figures the original analysis {cite}`originalanalysis` reported?
#
# **Short answer.** Of {glue:text}`03_classical_models.n_models` models, the one chosen on the
# validation split (the simplest within one standard error of the best), the
# {glue:text}`03_classical_models.best_model`, reaches
# {glue:text}`03_classical_models.best_test_accuracy:.1%` on the test split
# ({glue:text}`03_classical_models.interval_level:.0%` interval
# {glue:text}`03_classical_models.best_test_low:.1%` to
# {glue:text}`03_classical_models.best_test_high:.1%`; train
# {glue:text}`03_classical_models.best_train_accuracy:.1%`), against
# {glue:text}`03_classical_models.chance_accuracy:.1%` by chance.
# {glue:text}`03_classical_models.target_verdict` On the test split,
# {glue:text}`03_classical_models.chosen_against_test`.
# {glue:text}`03_classical_models.reported_outcomes`

# %% tags=["parameters", "remove-cell"]
dataset = "demo"  # dataset folder, or 'demo' for the synthetic demo dataset
feature_source = "auto"  # 'own' (the dataset's features.csv), 'extracted' (genrebook extract) or 'auto'
models = "all"  # classical models to fit: 'all' or a selection of 'rf,gb,ada,logreg,knn,svm'
search = "full"  # size of the hyperparameter search on the validation split: 'full' or 'quick'
seed = 0  # seed of every random choice (models, bootstrap, learning-curve subsets)
jobs = -1  # worker processes (-1: all cores)

# %% tags=["remove-cell"]
from genrebook.book.chapter import setup_chapter
from genrebook.book.pages import classical

ch = setup_chapter("03_classical_models", globals())
ds = ch.dataset

# %% tags=["remove-input"]
ch.show_header()

# %% [markdown]
# ## What the models see
#
# Every model is a scikit-learn {cite}`pedregosa2011sklearn` pipeline: median imputation of
# missing cells, standardisation, then the classifier. The statistics of every feature group of
# the dataset go in together; {doc}`01_data` describes them.

# %% tags=["remove-cell"]
inputs = ch.glue_all(classical.describe_inputs(ds))

# %% [markdown]
# The models see {glue:text}`03_classical_models.n_features:,` columns in
# {glue:text}`03_classical_models.n_groups` groups ({glue:text}`03_classical_models.feature_groups`).
# They are fitted on the {glue:text}`03_classical_models.n_train:,` training tracks, their
# hyperparameters are chosen on the {glue:text}`03_classical_models.n_validation:,` validation
# tracks, and the {glue:text}`03_classical_models.n_test:,` test tracks are predicted once, by the
# final models. FMA's official split keeps every artist in one split.
#
# ## Baselines
#
# Accuracy means little without what guessing achieves. Three baselines, computed from the
# labels, set the floor:

# %% tags=["remove-cell"]
fits = classical.fit_models(ds, models=ch.params["models"], search=search, seed=seed, jobs=jobs)
baselines = ch.glue_all(classical.compare_baselines(fits))

# %% tags=["remove-input"]
baselines.table

# %% [markdown]
# Guessing uniformly is right {glue:text}`03_classical_models.chance_accuracy:.1%` of the time,
# guessing with the training genres' shares {glue:text}`03_classical_models.stratified_accuracy:.1%`,
# and always answering the most frequent training genre,
# {glue:text}`03_classical_models.majority_genre`, {glue:text}`03_classical_models.majority_accuracy:.1%`. "Chance" in the rest of the book is the
# first of them. {glue:text}`03_classical_models.majority_note`
#
# ## Tuning on the validation split
#
# Six classifiers are on offer: a random forest {cite}`breiman2001forests`, gradient boosting
# {cite}`friedman2001boosting` (scikit-learn's histogram-based variant), AdaBoost
# {cite}`freund1997adaboost` on shallow trees, a logistic regression {cite}`cox1958regression`, k nearest neighbours
# {cite}`cover1967knn` and a support vector machine with an RBF kernel {cite}`cortes1995svm`;
# this run fits {glue:text}`03_classical_models.n_models` of them. Each has a grid of candidate
# hyperparameters (the {glue:text}`03_classical_models.search` search here). Every candidate is
# fitted on the training split and scored on the validation split; for the boosted ensembles one
# fit also gives the validation accuracy after every boosting stage, so the number of stages is
# chosen for free. The best candidate of each model is fitted again on the training split, and
# only then predicts the test split. {glue:text}`03_classical_models.sampling_note`

# %% tags=["remove-cell"]
sampling = ch.glue_all(classical.describe_sampling(fits))
tuning = ch.glue_all(classical.summarize_tuning(fits, ds))

# %% tags=["remove-input"]
tuning.tables["models"]

# %% [markdown]
# The search fitted {glue:text}`03_classical_models.n_candidates` candidates. The table ranks the
# models by test accuracy, with a {glue:text}`03_classical_models.interval_level:.0%` bootstrap
# interval {cite}`efron1979bootstrap` over the test tracks, but the test split chooses nothing: the
# model of the rest of this chapter is chosen on the *validation* split alone, by the
# one-standard-error rule {cite}`hastie2009elements`: the simplest model (linear first, boosted
# trees last) whose validation accuracy is within one standard error of the best.
# {glue:text}`03_classical_models.choice_text` {glue:text}`03_classical_models.validation_gap`
# The validation split chose every model's hyperparameters, so its accuracies flatter the models;
# only the test split, which chose nothing, says how they fare on new artists. Is a model that
# ranks above the chosen one on test really better? Intervals that overlap cannot say; McNemar's exact test
# {cite}`mcnemar1947` on the same test tracks can, by counting the tracks only one of the two
# models gets right. Here, {glue:text}`03_classical_models.chosen_against_test`. The last column
# of the table gives that test for every model against the chosen one ("better" or "worse" only
# where p < {glue:text}`03_classical_models.paired_alpha:.2f`).
#
# {glue:text}`03_classical_models.balance_note`
#
# A train accuracy far above the test accuracy means a model memorises its training tracks.
# Models at {glue:text}`03_classical_models.memorising_threshold:.0%` or more on them:
# {glue:text}`03_classical_models.memorising_models` (a forest with one-track leaves and
# distance-weighted neighbours memorise by construction, and it need not hurt their test
# accuracy). The parameters the search chose:

# %% tags=["remove-input"]
tuning.tables["parameters"]

# %% [markdown]
# ```{glue:figure} 03_classical_models.accuracies
# :name: fig-03-accuracies
# :alt: Dot plot of each model's test accuracy with its 95% interval, a dashed chance line, and crosses at the accuracies reported elsewhere.
#
# Test accuracy of each model (dots, with {glue:text}`03_classical_models.interval_level:.0%`
# bootstrap intervals over the test tracks), chance (dashed line), and
# {glue:text}`03_classical_models.reported_crosses` (crosses, copied as reported, not recomputed).
# ```
#
# Models whose whole test interval lies above the best of the three baselines
# ({numref}`fig-03-accuracies` shows chance): {glue:text}`03_classical_models.above_baselines`.
#
# ## Next to the original analysis
#
# The original analysis {cite}`originalanalysis` fitted five of these models on FMA's 518 feature statistics of fma_small
# {cite}`defferrard2017fma` with the official split; it reported no interval and no
# hyperparameters. For the RBF SVM, the FMA authors' usage notebook gives a figure of their own:
# scikit-learn's default SVM on the 140 MFCC statistics alone. The table puts these reported
# figures beside ours.

# %% tags=["remove-cell"]
published = ch.glue_all(classical.compare_with_published(fits, ds))

# %% tags=["remove-input"]
published.table

# %% [markdown]
# {glue:text}`03_classical_models.reported_outcomes` The original analysis' best figure was its
# logistic regression's {glue:text}`03_classical_models.reported_logreg:.1%` (train
# {glue:text}`03_classical_models.reported_logreg_train:.1%`); the model chosen here, the
# {glue:text}`03_classical_models.best_model`,
# {glue:text}`03_classical_models.chosen_against_reported`. The report gives the same
# {glue:text}`03_classical_models.reported_logreg:.1%` for its logistic regression on the MFCC
# statistics alone in one place and {glue:text}`03_classical_models.reported_mfcc_logreg:.1%` in
# another; {doc}`04_featurewise_logreg` fits each feature group on its own. The FMA authors' SVM
# saw only the MFCC statistics, so it is a reference point, not a like-for-like comparison.
#
# ### The FMA paper's figures, on fma_medium
#
# The FMA paper {cite}`defferrard2017fma` reports four classifiers on all 518 statistics of
# fma_medium, FMA's subset of 16 unbalanced genres and about 25,000 tracks, each at
# scikit-learn's defaults but for a few settings it names; three of them are models of this
# chapter. The table gives its figures as reported, and ours beside them only where this dataset
# is comparable with fma_medium.

# %% tags=["remove-cell"]
paper = ch.glue_all(classical.compare_with_fma_paper(fits, ds))

# %% tags=["remove-input"]
paper.table

# %% [markdown]
# {glue:text}`03_classical_models.fma_paper_verdict`
#
# ### The project's target
#
# For real fma_small data the project set a target of
# {glue:text}`03_classical_models.target_accuracy:.1%` for the best classical model, a level
# taken from an SVM on the VGGish features of fma_small_derived alone. The
# {glue:text}`03_classical_models.best_model` reaches
# {glue:text}`03_classical_models.best_test_accuracy:.1%`.

# %% tags=["remove-cell"]
target = ch.glue_all(classical.check_target(fits, ds))

# %% [markdown]
# {glue:text}`03_classical_models.target_verdict`
#
# ## Where the chosen model errs
#
# The confusion matrix ({numref}`fig-03-confusion`) shows, for each true genre, where the test
# tracks go; the table gives each genre's precision, recall and F1.

# %% tags=["remove-cell"]
errors = ch.glue_all(classical.describe_errors(fits, ds))

# %% tags=["remove-input"]
errors.table

# %% [markdown]
# ```{glue:figure} 03_classical_models.confusion
# :name: fig-03-confusion
# :alt: Heat map with true genres as rows and predicted genres as columns, each cell the percentage of the row's test tracks.
#
# Confusion matrix of the chosen model on the test split: each row is a true genre, each cell the
# percentage of its test tracks predicted as the column's genre (rows sum to 100).
# ```
#
# The {glue:text}`03_classical_models.best_model` recognises
# {glue:text}`03_classical_models.easiest_genre` best (F1
# {glue:text}`03_classical_models.easiest_genre_f1:.2f`) and
# {glue:text}`03_classical_models.hardest_genre` worst (F1
# {glue:text}`03_classical_models.hardest_genre_f1:.2f`); {glue:text}`03_classical_models.most_confused`.
# Genres defined by culture or intent more than by sound may be hard for any model that hears
# only summary statistics of the clip.
#
# ### Listening to its mistakes

# %% tags=["remove-cell"]
clips = ch.glue_all(classical.pick_wrong_clips(fits, ds))

# %% [markdown]
# {glue:text}`03_classical_models.wrong_clips_note`
# {glue:text}`03_classical_models.confidence_note`

# %% tags=["remove-input"]
clips.table

# %% [markdown]
# ## Would more data help?
#
# The learning curve ({numref}`fig-03-learning-curve`) fits the chosen model, with its chosen
# hyperparameters, on growing stratified shares of the training split and scores each fit on the
# test split.

# %% tags=["remove-cell"]
learning = ch.glue_all(classical.compute_learning(fits))

# %% [markdown]
# ```{glue:figure} 03_classical_models.learning_curve
# :name: fig-03-learning-curve
# :alt: Line plot of test and train accuracy against the number of training tracks on a log scale, with a shaded test interval.
#
# Learning curve of the chosen model: test accuracy (with its
# {glue:text}`03_classical_models.interval_level:.0%` interval, shaded) and train accuracy, in
# percent, against the number of training tracks (log scale).
# ```
#
# With {glue:text}`03_classical_models.curve_smallest_n:,` training tracks the
# {glue:text}`03_classical_models.best_model` reaches
# {glue:text}`03_classical_models.curve_smallest_accuracy:.1%`, with all
# {glue:text}`03_classical_models.curve_largest_n:,` it reaches
# {glue:text}`03_classical_models.curve_largest_accuracy:.1%`; the test accuracy
# {glue:text}`03_classical_models.curve_trend`. Doubling the data from
# {glue:text}`03_classical_models.curve_half_n:,` tracks to all of them
# {glue:text}`03_classical_models.curve_doubling_change`. A curve still rising at the right edge
# says more tracks would help; a flat one says the features, not the amount of data, limit the
# model.
#
# ## Cost
#
# The final fit of each model on the training split, and its whole search, each fit on one thread:

# %% tags=["remove-cell"]
cost = ch.glue_all(classical.summarize_cost(fits))

# %% tags=["remove-input"]
cost.table

# %% [markdown]
# Slowest to fit: {glue:text}`03_classical_models.slowest_model`
# ({glue:text}`03_classical_models.slowest_fit_time`); fastest:
# {glue:text}`03_classical_models.fastest_model` ({glue:text}`03_classical_models.fastest_fit_time`).
# All fits of the search together took {glue:text}`03_classical_models.search_time` of computing,
# the search and final fits {glue:text}`03_classical_models.wall_time` of waiting, spread over the
# worker processes. Times depend on the machine and on what else runs on it; `bench/classical.py`
# measures them on their own.
#
# ## Takeaways
#
# - Tuned and chosen on the validation split only, the {glue:text}`03_classical_models.best_model`
#   reaches {glue:text}`03_classical_models.best_test_accuracy:.1%` on the test split
#   ({glue:text}`03_classical_models.best_test_low:.1%` to
#   {glue:text}`03_classical_models.best_test_high:.1%`), against
#   {glue:text}`03_classical_models.chance_accuracy:.1%` by chance.
# - Against the most accurate model on test: {glue:text}`03_classical_models.chosen_against_test`.
# - {glue:text}`03_classical_models.reported_outcomes`
# - Doubling the training data {glue:text}`03_classical_models.curve_doubling_change`.

# %% tags=["remove-input"]
ch.show_parameters()
