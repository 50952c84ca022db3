#!/usr/bin/env bash
# Trains the Fashion-MNIST members added for the measured ensemble gain (#14), each with the recipe its sidecar
# records. Run from the repository's root; needs Debian's dataset-fashion-mnist for the training split. Each run
# checkpoints after every epoch under models/fashion-mnist/checkpoints/ and resumes from there when started again,
# so the script can be stopped and rerun; a member whose .onnx exists is skipped. Name members to train only those
# (two at once with THREADS=1 each keep both cores busy with less synchronization than one run on two threads).
# TRAINER overrides how the trainer runs (for example a copy of its Release build: "dotnet /path/ensemble-trainer.dll").
set -euo pipefail
cd "$(dirname "$0")/../.."
trainer=${TRAINER:-"dotnet run -c Release --project src/Ensemble.Trainer --"}

only=("$@")

train() {
  local name=$1; shift
  if [ ${#only[@]} -gt 0 ] && [[ ! " ${only[*]} " == *" $name "* ]]; then
    return
  fi

  local out=models/fashion-mnist/$name.onnx checkpoint=models/fashion-mnist/checkpoints/$name.ckpt
  if [ -f "$out" ]; then
    echo "$name: $out exists, skipped"
    return
  fi

  local resume=()
  [ -f "$checkpoint" ] && resume=(--resume)
  $trainer train --task models/fashion-mnist "$@" --out "$out" --checkpoint "$checkpoint" "${resume[@]}"
}

# The strongest single member: the residual net at 1.5× width, longer, with random erasing and label smoothing.
train residual-wide --arch residual --width 1.5 --epochs 40 --random-erasing 0.5 --label-smoothing 0.1 --threads "${THREADS:-2}"
# A different inductive bias: 7×7 depthwise mixing, random erasing, plain one-hot targets.
train largekernel --arch largekernel --width 1 --epochs 40 --random-erasing 0.5 --threads "${THREADS:-2}"
# The separable net at twice its width, trained like the residual one.
train separable-wide --arch separable --width 2 --epochs 40 --random-erasing 0.5 --label-smoothing 0.1 --threads "${THREADS:-2}"
# The plain VGG-style stack at 1.5× width, with random erasing and one-hot targets: no shortcuts and no depthwise
# mixing, so its mistakes differ from the three above.
train vgg-wide --arch vgg --width 1.5 --epochs 30 --random-erasing 0.5 --threads "${THREADS:-2}"
# The large-kernel net again from another seed, with smoothed targets: the same bias, different mistakes, as deep
# ensembles (Lakshminarayanan et al. 2017) build theirs.
train largekernel-seed2 --arch largekernel --width 1 --epochs 40 --random-erasing 0.5 --label-smoothing 0.1 --seed 2 --threads "${THREADS:-2}"
# The strongest member again from another seed: a second draw of the pair every tuning study leans on.
train residual-wide-seed2 --arch residual --width 1.5 --epochs 40 --random-erasing 0.5 --label-smoothing 0.1 --seed 2 --threads "${THREADS:-2}"
# The large-kernel net from a third seed on one-hot targets: the seed-2 pair moved the ensembles most, and one-hot
# training leaves it overconfident where the smoothed members are underconfident, so its errors differ again.
train largekernel-seed3 --arch largekernel --width 1 --epochs 40 --random-erasing 0.5 --seed 3 --threads "${THREADS:-2}"
# An isotropic patch net (2×2 patches, four large-kernel blocks at 14×14, no pyramid): a stem and a shape unlike the
# nets above, for errors that differ more than another seed's.
train isotropic --arch isotropic --width 1 --epochs 30 --random-erasing 0.5 --label-smoothing 0.1 --threads "${THREADS:-2}"
# The isotropic net at 1.5× width (120 channels) and 40 epochs, to bring it within reach of the strong members.
train isotropic-wide --arch isotropic --width 1.5 --epochs 40 --random-erasing 0.5 --label-smoothing 0.1 --threads "${THREADS:-2}"
# A fourth large-kernel draw, recipe of seed 2 (smoothed targets): does a fifth strong member add what a fourth did?
train largekernel-seed4 --arch largekernel --width 1 --epochs 40 --random-erasing 0.5 --label-smoothing 0.1 --seed 4 --threads "${THREADS:-2}"
# The large-kernel net trained by SGD with momentum instead of AdamW: another optimizer finds other minima, and so
# perhaps other mistakes.
train largekernel-sgd --arch largekernel --width 1 --epochs 40 --optimizer sgd --random-erasing 0.5 --label-smoothing 0.1 --seed 5 --threads "${THREADS:-2}"
# The large-kernel net trained on CutMix (Yun et al. 2019) instead of random erasing: half the images carry a patch of
# another, with the target mixed by area. Another augmentation teaches other invariances, and so other mistakes.
train largekernel-cutmix --arch largekernel --width 1 --epochs 40 --cutmix 0.5 --seed 6 --threads "${THREADS:-2}"
# CutMix again from another seed, with smoothed targets as seed 2's recipe: the first CutMix member was the first
# tenth member to earn weight, so a second draw of it is the next thing to try.
train largekernel-cutmix-seed7 --arch largekernel --width 1 --epochs 40 --cutmix 0.5 --label-smoothing 0.1 --seed 7 --threads "${THREADS:-2}"
# The wide residual net on the recipe that made largekernel-cutmix the first tenth member to earn weight: CutMix
# instead of random erasing, one-hot targets. The strongest architecture with the augmentation that differed most.
train residual-wide-cutmix --arch residual --width 1.5 --epochs 40 --cutmix 0.5 --seed 8 --threads "${THREADS:-2}"
# residual-wide-cutmix from another seed: it took the largest weight of any member but traded held-out for test
# accuracy, so a second draw shows whether that trade is the recipe's or the seed's.
train residual-wide-cutmix-seed9 --arch residual --width 1.5 --epochs 40 --cutmix 0.5 --seed 9 --threads "${THREADS:-2}"
