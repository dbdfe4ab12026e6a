"""Trains rasterduck's field-unet on synthetic field patchworks and exports it to ONNX.

    apt-get install -y python3-torch        # Debian 12: torch 1.13, numpy; nothing else
    /usr/bin/python3 models/train/train_field_unet.py          # writes models/field-unet.{onnx,json}

The model is an FTW-shaped segmenter: 8 channels in (B04, B03, B02, B08 of season a, then
of season b, each divided by 3000, as the Fields of The World baselines), 3 classes out
(non_field_background, field, field_boundaries) as raw logits, at the input's resolution.
It is a small U-Net (3 poolings, so height and width must be multiples of 8) trained on
synth_fields.py samples; see models/README.md for what it is good and bad at.

Deterministic: numpy and torch are seeded, torch runs its deterministic algorithms, and the
thread count is fixed (--threads), so the same torch build on the same CPU writes the same
weights. Different CPUs or torch builds may differ in the last bits of float sums.
"""
import argparse
import json
import os
import platform
import time

import numpy as np
import torch
from torch import nn
import torch.nn.functional as F

import synth_fields

CLASSES = ["non_field_background", "field", "field_boundaries"]
SCALE = 1 / 3000  # FTW baselines divide Sentinel-2 L2A digital numbers by 3000
HERE = os.path.dirname(os.path.abspath(__file__))


def block(cin, cout):
    return nn.Sequential(
        nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True),
        nn.Conv2d(cout, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True),
    )


class FieldUNet(nn.Module):
    """U-Net with widths w, 2w, 4w, 4w (bottleneck) and nearest-neighbour upsampling."""

    def __init__(self, bands=8, classes=3, w=16):
        super().__init__()
        self.enc1, self.enc2, self.enc3 = block(bands, w), block(w, 2 * w), block(2 * w, 4 * w)
        self.mid = block(4 * w, 4 * w)
        self.dec3, self.dec2, self.dec1 = block(8 * w, 2 * w), block(4 * w, w), block(2 * w, w)
        self.head = nn.Conv2d(w, classes, 1)

    def forward(self, x):
        e1 = self.enc1(x)
        e2 = self.enc2(F.max_pool2d(e1, 2))
        e3 = self.enc3(F.max_pool2d(e2, 2))
        m = self.mid(F.max_pool2d(e3, 2))
        d3 = self.dec3(torch.cat([F.interpolate(m, scale_factor=2.0, mode="nearest"), e3], 1))
        d2 = self.dec2(torch.cat([F.interpolate(d3, scale_factor=2.0, mode="nearest"), e2], 1))
        d1 = self.dec1(torch.cat([F.interpolate(d2, scale_factor=2.0, mode="nearest"), e1], 1))
        return self.head(d1)


def iou_per_class(pred, truth, classes=3):
    """Intersection over union of each class over all pixels of a set, argmax predictions."""
    out = []
    for k in range(classes):
        inter = np.logical_and(pred == k, truth == k).sum()
        union = np.logical_or(pred == k, truth == k).sum()
        out.append(float(inter / union) if union else float("nan"))
    return out


def evaluate(model, xs, ys, batch=64):
    model.eval()
    preds = []
    with torch.no_grad():
        for i in range(0, len(xs), batch):
            preds.append(model(torch.from_numpy(xs[i:i + batch]) * SCALE).argmax(1).numpy())
    pred = np.concatenate(preds)
    ious = iou_per_class(pred, ys)
    # field extent: field or boundary, against background (how vectorize will threshold it)
    extent = iou_per_class((pred > 0).astype(np.uint8), (ys > 0).astype(np.uint8), 2)[1]
    return {
        "iou": dict(zip(CLASSES, [round(v, 4) for v in ious])),
        "mean_iou": round(float(np.mean(ious)), 4),
        "field_extent_iou": round(extent, 4),
        "pixel_accuracy": round(float((pred == ys).mean()), 4),
    }


def train(args):
    torch.manual_seed(args.seed)
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(args.threads)
    t0, cpu0 = time.time(), time.process_time()
    xtr, ytr = synth_fields.dataset(args.seed, args.train, args.size)
    xva, yva = synth_fields.dataset(args.seed + 1, args.val, args.size)
    t_data = time.time() - t0
    freq = np.bincount(ytr.ravel(), minlength=3) / ytr.size
    model = FieldUNet(w=args.width)
    params = sum(p.numel() for p in model.parameters())
    print(f"data {args.train}+{args.val} x {args.size}px in {t_data:.1f}s, class share {freq.round(3)}, {params} parameters")
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-4)
    steps = args.epochs * (args.train // args.batch)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=args.lr, total_steps=steps)
    # boundaries are the thin, rare class FTW cares about: weight them up, as FTW's baselines do
    weights = torch.tensor([1.0, 1.0, 3.0])
    gen = torch.Generator().manual_seed(args.seed)
    xt, yt = torch.from_numpy(xtr), torch.from_numpy(ytr).long()
    for epoch in range(args.epochs):
        model.train()
        order = torch.randperm(len(xt), generator=gen)
        total = 0.0
        for i in range(args.train // args.batch):
            idx = order[i * args.batch:(i + 1) * args.batch]
            x, y = xt[idx] * SCALE, yt[idx]
            # random flips and transposes: fields have no preferred orientation
            if torch.rand(1, generator=gen) < 0.5:
                x, y = x.flip(-1), y.flip(-1)
            if torch.rand(1, generator=gen) < 0.5:
                x, y = x.transpose(-1, -2), y.transpose(-1, -2)
            loss = F.cross_entropy(model(x), y, weight=weights)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            total += loss.item()
            if (i + 1) % 50 == 0:
                print(f"  step {i + 1} loss {loss.item():.4f} {time.time() - t0:.0f}s", flush=True)
        m = evaluate(model, xva, yva)
        print(f"epoch {epoch + 1}/{args.epochs} loss {total / (args.train // args.batch):.4f} val {m} {time.time() - t0:.0f}s", flush=True)
    return model, m, params, time.time() - t0, t_data, time.process_time() - cpu0


def export(model, onnx_path):
    model.eval()
    torch.onnx.export(
        model, torch.zeros(1, 8, 64, 64), onnx_path, opset_version=13,
        input_names=["image"], output_names=["logits"],
        dynamic_axes={"image": {0: "batch", 2: "height", 3: "width"}, "logits": {0: "batch", 2: "height", 3: "width"}},
    )


def card(args, metrics, params, seconds, data_seconds, cpu_seconds, onnx_path):
    bands = [{"name": f"{b}_{season}", "band": b, "time": t, "scale": SCALE, "offset": 0.0}
             for t, season in enumerate(("a", "b")) for b in synth_fields.BANDS]
    return {
        "format": "rasterduck-model-card/1",
        "name": "field-unet",
        "description": "Tiny U-Net that segments agricultural fields and their boundaries from two seasonal "
                       "Sentinel-2 composites, shaped like the Fields of The World baselines. Trained only on "
                       "synthetic data: a demo and test model, not for real maps.",
        "model": os.path.basename(onnx_path),
        "input": {
            "name": "image", "dtype": "float32", "layout": "NCHW",
            "bands": bands,
            "normalization": "value * scale + offset, per band",
            "patch_multiple": 8,
            "patch_size": 256,
            "clip_size": 32,
        },
        "output": {"name": "logits", "kind": "logits", "classes": CLASSES},
        "training": {
            "data": f"{args.train} synthetic {args.size}x{args.size} field patchworks (models/train/synth_fields.py, "
                    f"seed {args.seed}); validation: {args.val} more from seed {args.seed + 1}",
            "script": "models/train/train_field_unet.py",
            "seed": args.seed, "epochs": args.epochs, "batch_size": args.batch, "learning_rate": args.lr,
            "width": args.width, "parameters": params,
            "seconds": round(seconds, 1), "data_seconds": round(data_seconds, 1), "cpu_seconds": round(cpu_seconds, 1),
            "threads": args.threads,
            "torch": torch.__version__, "cpu": platform.machine(), "opset": 13,
        },
        "metrics": {"split": "validation", **metrics},
        "license": "MIT",
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=2024)
    ap.add_argument("--train", type=int, default=3000)
    ap.add_argument("--val", type=int, default=256)
    ap.add_argument("--size", type=int, default=64)
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--lr", type=float, default=4e-3)
    ap.add_argument("--width", type=int, default=8)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--out", default=os.path.join(HERE, ".."))
    args = ap.parse_args()
    model, metrics, params, seconds, data_seconds, cpu_seconds = train(args)
    onnx_path = os.path.join(args.out, "field-unet.onnx")
    card_path = os.path.join(args.out, "field-unet.json")
    # write temp names, then rename: a killed run never leaves a half-written model
    export(model, onnx_path + ".tmp")
    with open(card_path + ".tmp", "w") as f:
        json.dump(card(args, metrics, params, seconds, data_seconds, cpu_seconds, onnx_path), f, indent=2)
        f.write("\n")
    os.replace(onnx_path + ".tmp", onnx_path)
    os.replace(card_path + ".tmp", card_path)
    print(f"wrote {onnx_path} ({os.path.getsize(onnx_path)} bytes) in {seconds:.0f}s ({cpu_seconds:.0f} CPU s): {metrics}")


if __name__ == "__main__":
    main()
