"""Sample pictures: a grid of generated images, or a scatter of 2-D points, as PNG."""
import math
import os

import numpy as np


def write_sample(x, path, kind):
    """Writes `x` (images [n, c, h, w] in kind['range'], or points [n, d]) to `path` as a PNG."""
    from PIL import Image

    os.makedirs(os.path.dirname(path) or '.', exist_ok=True)
    x = x.detach().float().cpu()
    if kind['kind'] == 'image':
        x = x.view(x.shape[0], kind['channels'], kind['height'], kind['width'])
        lo = -1.0 if kind['range'] == '[-1,1]' else 0.0
        x = ((x - lo) / (1 - lo)).clamp(0, 1)
        side = math.ceil(math.sqrt(x.shape[0]))
        c, h, w = x.shape[1:]
        grid = np.ones((side * (h + 2), side * (w + 2), c), dtype=np.float32)
        for i, img in enumerate(x.numpy()):
            r, q = divmod(i, side)
            grid[r * (h + 2) + 1:r * (h + 2) + 1 + h, q * (w + 2) + 1:q * (w + 2) + 1 + w] = img.transpose(1, 2, 0)
        image = (grid * 255).round().astype(np.uint8)
        Image.fromarray(image[:, :, 0] if c == 1 else image).save(path)
    else:
        size, e = 400, kind['extent']
        canvas = np.full((size, size), 255, dtype=np.uint8)
        pts = x[:, :2].numpy()
        cols = ((pts[:, 0] + e) / (2 * e) * (size - 1)).round().astype(int)
        rows = ((e - pts[:, 1]) / (2 * e) * (size - 1)).round().astype(int)
        keep = (cols >= 0) & (cols < size) & (rows >= 0) & (rows < size)
        canvas[rows[keep], cols[keep]] = 0
        Image.fromarray(canvas).save(path)
