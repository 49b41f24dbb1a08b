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
# # Do the models do better together?
#
# **The question.** The classical models of {doc}`03_classical_models` read the feature statistics;
# the networks of {doc}`05_cnn` read the spectrogram images. They make different mistakes. Does
# combining their class probabilities predict the genre better than the best of them alone, when
# everything about the combination is chosen on the validation split and the test split is read
# once?
#
# **Short answer.** Chosen on validation, the ensemble is
# {glue:text}`08_ensemble.ensemble_name`. It gets
# {glue:text}`08_ensemble.ensemble_accuracy:.1%` of the {glue:text}`08_ensemble.n_test:,` test
# tracks right (95% interval {glue:text}`08_ensemble.ensemble_low:.1%` to
# {glue:text}`08_ensemble.ensemble_high:.1%`), {glue:text}`08_ensemble.gain_text` its best
# member on validation, {glue:text}`08_ensemble.best_member`
# ({glue:text}`08_ensemble.best_member_accuracy:.1%`). {glue:text}`08_ensemble.versus_members`
# {glue:text}`08_ensemble.target_verdict`

# %% tags=["parameters", "remove-cell"]
dataset = "demo"  # dataset folder, or 'demo' for the synthetic demo dataset
feature_source = "auto"  # 'own' (the dataset's features.csv), 'extracted' (genrebook extract) or 'auto'
image_source = "auto"  # as chapter 05: 'own' (the dataset's images), 'extracted' (genrebook extract) or 'auto'
search = "full"  # the validation search, used only when chapter 03 did not run here: 'full' or 'quick'
baseline_input = "auto"  # as chapter 05 (locates its saved networks): 'auto', 'mfcc' or 'spectrogram'
image_height = 128  # as chapter 05: rows (mel bands) of the network input
image_width = 128  # as chapter 05: columns (time) of the network input
epochs = 40  # as chapter 05: most epochs per network (locates its saved networks; none is trained here)
batch_size = 64  # as chapter 05: images per training step (locates its saved networks)
seed = 0  # seed of every random choice (models, folds, stacker, bootstrap)
jobs = -1  # worker processes (-1: all cores)
run_dir = "book"  # run folder whose results.json holds chapter 03's chosen parameters

# %% tags=["remove-cell"]
from genrebook.book.chapter import setup_chapter
from genrebook.book.ensemble import collect_members, fit_ensemble
from genrebook.book.pages import ensemble
from genrebook.cnn.backend import configure_tensorflow

ch = setup_chapter("08_ensemble", globals())
configure_tensorflow(seed)  # before any TensorFlow op: seeds, determinism, one inter-op thread
ds = ch.dataset

# %% tags=["remove-input"]
ch.show_header()

# %% [markdown]
# ## The members
#
# A member is any model that gives each track a probability for every genre.
# {glue:text}`08_ensemble.members_text` The RBF SVM gives scores, not probabilities: its scores
# are turned into probabilities by a sigmoid calibration {cite}`platt1999probabilistic` fitted on
# cross-validated scores of the training split. A network's probabilities are averaged over the
# crops of the image it is scored on in {doc}`05_cnn`. Every member predicts the same
# {glue:text}`08_ensemble.n_validation:,` validation and {glue:text}`08_ensemble.n_test:,` test
# tracks.

# %% tags=["remove-cell"]
members = collect_members(ds, ch.params)
table = ch.glue_all(ensemble.describe_members_table(members))

# %% tags=["remove-input"]
table.table

# %% [markdown]
# A member's accuracy here is that of the genre it gives the highest probability; for the SVM
# this can differ slightly from chapter 03's, which reads its uncalibrated scores.
#
# ## Two ways of combining, chosen on validation
#
# *Equal-weight fusion* averages the members' log-probabilities, the product rule of
# {cite}`kittler1998combining`: a genre wins when every member finds it likely, and a member that
# finds it very unlikely pulls it down. Each member's probabilities are floored at
# {glue:text}`08_ensemble.probability_floor:.2%` first,
# so that no member can veto a genre outright. Every subset of two or more members is fused and
# scored on the validation split; the subset that gets most validation tracks right is kept
# (a tie goes to fewer members, then to the members that come first in the book).
# {glue:text}`08_ensemble.fusion_text`
#
# A *stacker* {cite}`wolpert1992stacked` learns the weights instead: a multinomial logistic
# regression {cite}`cox1958regression` reads every member's log-probabilities on the validation
# tracks, its penalty chosen by {glue:text}`08_ensemble.folds_text`.
#
# The validation accuracy of the chosen subset flatters it, since it is the best of many tried
# on the same tracks. So the rule that names one of the two *the ensemble* was fixed before the
# test split was read: both ways are cross-validated on the same folds of the validation split,
# the subset chosen (or the stacker fitted) on the other folds each time; the stacker is the
# ensemble only if it gets more held-out tracks right, since the fusion fits no weights.
# {glue:text}`08_ensemble.rule_text`
#
# One caution holds whatever the numbers: the validation split is not new to the members.
# Chapter 03 chose each model's parameters on it and chapter 05 stopped each network's training
# on it, so the members are surer of themselves on validation than on test, and a combination
# learnt there (the stacker's weights above all, being the more flexible) may not carry over.

# %% tags=["remove-cell"]
ens = fit_ensemble(members, seed=seed)
combination = ch.glue_all(ensemble.choose_combination(ens))

# %% tags=["remove-input"]
combination.table

# %% [markdown]
# ## The test split, read once
#
# The ensemble gets {glue:text}`08_ensemble.ensemble_accuracy:.1%` of the test tracks right, with
# a 95% bootstrap interval {cite}`efron1979bootstrap` of
# {glue:text}`08_ensemble.ensemble_low:.1%` to {glue:text}`08_ensemble.ensemble_high:.1%`; it got
# {glue:text}`08_ensemble.ensemble_validation_accuracy:.1%` on validation.
# {glue:text}`08_ensemble.other_way_text` Whether it beats a member is decided on the same test
# tracks by McNemar's exact test {cite}`mcnemar1947`, not by its interval.
# {glue:text}`08_ensemble.versus_members`

# %% tags=["remove-cell"]
test = ch.glue_all(ensemble.score_on_test(ens))

# %% [markdown]
# ```{glue:figure} 08_ensemble.validation_vs_test
# :name: fig-08-validation-vs-test
# :alt: One row per model, the ensemble first, each with an open circle at its validation accuracy and a filled circle at its test accuracy, in percent, joined by a line.
#
# Validation accuracy (open circles) and test accuracy (filled circles) of the ensemble, of the
# way of combining the rule did not choose, and of every member (%). The fusion's validation
# accuracy is that of the subset chosen on those tracks; the stacker's is cross-validated within
# the validation split. A filled circle left of its open one does worse on test than on validation.
# ```
#
# The best member on test is {glue:text}`08_ensemble.best_test_member`
# ({glue:text}`08_ensemble.best_test_accuracy:.1%`); the best on validation,
# {glue:text}`08_ensemble.best_member`, gets {glue:text}`08_ensemble.best_member_accuracy:.1%` on
# test.
#
# ## The target
#
# The project set a target of {glue:text}`08_ensemble.target_accuracy:.1%` test accuracy for an
# ensemble on fma_small. {glue:text}`08_ensemble.target_verdict`

# %% tags=["remove-cell"]
target = ch.glue_all(ensemble.check_target(ens, ds))
cost = ch.glue_all(ensemble.summarize_cost(ens))

# %% [markdown]
# ## Takeaways
#
# - The ensemble, {glue:text}`08_ensemble.ensemble_name`, gets
#   {glue:text}`08_ensemble.ensemble_accuracy:.1%` of the test tracks right,
#   {glue:text}`08_ensemble.gain_text` its best member on validation.
# - {glue:text}`08_ensemble.versus_members`
# - {glue:text}`08_ensemble.target_verdict`
#
# Fitting and predicting the members took {glue:text}`08_ensemble.members_seconds` s (no network
# is trained here); choosing and fitting the combinations
# {glue:text}`08_ensemble.fusion_seconds` s.

# %% tags=["remove-input"]
ch.show_parameters()
