#!/usr/bin/env python3
"""Converts world-atlas countries-110m.json (TopoJSON, Natural Earth 1:110m) into the compact
binary basemap FleetWatch ships (ne_110m.fwbm). Run by hand once; not part of the build.

    cd /tmp && npm pack world-atlas && tar xzf world-atlas-*.tgz
    python3 make_basemap.py /tmp/package/countries-110m.json ne_110m.fwbm

Format (little endian): b"FWBM", u32 version (1), u32 count, then `count` records:
u8 kind (0 = land ring, 1 = coastline, 2 = land border), u32 n, n * (f32 lon, f32 lat).
Land rings are closed polygons for the fill; coastlines and borders are open polylines (an arc
used by one country is coast, an arc shared by two is a border between them). Longitudes are
continuous along each record and may leave [-180, 180] (a second copy shifted by 360 degrees is
written for those), so nothing jumps across the antimeridian; polar rings are closed at the pole.
"""
import json
import struct
import sys


def decode_arcs(topo):
    tr = topo.get("transform")
    arcs = []
    for arc in topo["arcs"]:
        pts = []
        x = y = 0
        for p in arc:
            if tr:
                x += p[0]
                y += p[1]
                lon = x * tr["scale"][0] + tr["translate"][0]
                lat = y * tr["scale"][1] + tr["translate"][1]
            else:
                lon, lat = p[0], p[1]
            pts.append((lon, lat))
        arcs.append(pts)
    return arcs


def arc_points(arcs, index):
    if index >= 0:
        return list(arcs[index])
    return list(reversed(arcs[~index]))


def ring_points(arcs, ring):
    pts = []
    for i, a in enumerate(ring):
        p = arc_points(arcs, a)
        pts.extend(p if i == 0 else p[1:])
    return pts


def unwrap(pts):
    """Makes longitudes continuous (world-atlas leaves antimeridian crossings to the renderer,
    so a ring may jump from 180 to -180); the result may leave [-180, 180]."""
    out = [pts[0]]
    for lon, lat in pts[1:]:
        prev = out[-1][0]
        while lon - prev > 180:
            lon -= 360
        while prev - lon > 180:
            lon += 360
        out.append((lon, lat))
    return out


def copies(pts):
    """The points plus a copy shifted by 360 degrees when they leave [-180, 180], so every
    part lands inside the single world the renderer draws."""
    result = [pts]
    if max(p[0] for p in pts) > 180:
        result.append([(lon - 360, lat) for lon, lat in pts])
    if min(p[0] for p in pts) < -180:
        result.append([(lon + 360, lat) for lon, lat in pts])
    return result


def fix_ring(pts):
    pts = unwrap(pts)
    if abs(pts[-1][0] - pts[0][0]) > 180:
        # The ring goes round a pole (Antarctica): close it along that pole.
        pole = -90.0 if sum(p[1] for p in pts) < 0 else 90.0
        pts = pts + [(pts[-1][0], pole), (pts[0][0], pole)]
    return copies(pts)


def polygons(geom):
    if geom["type"] == "Polygon":
        return [geom["arcs"]]
    if geom["type"] == "MultiPolygon":
        return geom["arcs"]
    return []


def main(src, dst):
    with open(src) as f:
        topo = json.load(f)
    arcs = decode_arcs(topo)
    geoms = topo["objects"]["countries"]["geometries"]
    use = [0] * len(arcs)
    records = []
    for g in geoms:
        for poly in polygons(g):
            for ring in poly:
                for a in ring:
                    use[a if a >= 0 else ~a] += 1
                for pts in fix_ring(ring_points(arcs, ring)):
                    records.append((0, pts))
    for i, pts in enumerate(arcs):
        if use[i] == 0:
            continue
        for part in copies(unwrap(pts)):
            records.append((1 if use[i] == 1 else 2, part))
    out = bytearray(b"FWBM")
    out += struct.pack("<II", 1, len(records))
    for kind, pts in records:
        out += struct.pack("<BI", kind, len(pts))
        for lon, lat in pts:
            out += struct.pack("<ff", round(lon, 4), round(lat, 4))
    with open(dst, "wb") as f:
        f.write(out)
    print(f"{len(records)} records, {sum(len(p) for _, p in records)} points, {len(out)} bytes")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
