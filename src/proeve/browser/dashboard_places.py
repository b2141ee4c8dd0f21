"""Where the PvBs a dashboard found are: their (school, group) places, for the filters,
and the PvBs of a chosen school or group, without making a brain per PvB.

A PvB lies at scholen/<school>/<group>/<candidate>/<pvb> (the types allow nothing else).
Two ways to the same answer:

- `PlacesByPaths` reads each PvB's path from the catalog's table: its cost grows with the
  PvBs found (about 0.4 µs each), right for those who find a few thousand.
- `PlacesByIndex` asks the path index instead: for each school found, each of its groups
  is asked whether it holds a found PvB (the index keeps the records below every group: the
  first few of them mostly answer). Right for a school's staff, who find all of it: 50,000
  PvBs of 100 groups.
"""

from Acquisition import aq_base
from BTrees.IIBTree import difference
from BTrees.IIBTree import IISet
from BTrees.IIBTree import intersection
from itertools import islice
from operator import itemgetter
from operator import methodcaller


# From this many PvBs found on, the places come from the path index.
MANY = 10_000
# Records of a group looked at one by one before the group is intersected with what was
# found (a group holds some 1,500 records: candidates, PvBs and what is in them).
FIRST_FEW = 50


def places_of(view, table, rids, many=MANY):
    """The places of the records `rids` (PvBs found by a permission-filtered search)."""
    index = aq_base(table.getIndex("path"))
    if len(rids) >= many and hasattr(index, "_index_parents"):
        return PlacesByIndex(view, table, index, rids)
    return PlacesByPaths(view, table, rids)


class PlacesByPaths:
    """Each PvB's place from its path in the catalog's table of paths."""

    def __init__(self, view, table, rids):
        self.view, self.rids = view, rids
        self.keys, self.place_at = self.place_table(table, rids)

    def place_table(self, table, rids):
        """([key of each record's place], {key: (school, group)}). The key is a path
        without its last two steps (for a PvB: its group's path): paths with the same key
        have as many steps and the same first ones, so the same place."""
        paths = list(map(aq_base(table).paths.__getitem__, rids))
        keys = list(map(itemgetter(0), map(methodcaller("rsplit", "/", 2), paths)))
        representative = dict(zip(keys, paths, strict=True))
        places = {key: self.view.place_of(path) for key, path in representative.items()}
        return keys, {key: place for key, place in places.items() if place != (None, None)}

    def places(self):
        return set(self.place_at.values())

    def narrow(self, school, group):
        """The records in the school and/or group ("<school>/<group>") chosen."""
        chosen = {
            key
            for key, (s, g) in self.place_at.items()
            if (not school or s == school) and (not group or f"{s}/{g}" == group)
        }
        return [rid for rid, key in zip(self.rids, self.keys, strict=True) if key in chosen]


class PlacesByIndex:
    """The places from ExtendedPathIndex's sets: `_index[id][level]` holds the records
    with that id at that level of their path (all below a school or a group),
    `_index_parents[path]` the records directly in a container (a school's groups)."""

    def __init__(self, view, table, index, rids):
        self.found = IISet(rids)
        self.school_level = view.portal_depth()  # /<site>/scholen/<school>: its level
        self.below = index._index
        paths = aq_base(table).paths
        self.schools = {}  # school id: the records below it
        self.groups = {}  # (school id, group id): the records below the group
        rest = self.found
        while rest:
            # A school of what is left; its groups that hold a found PvB; then the rest.
            steps = paths[rest.minKey()].split("/")
            school = steps[self.school_level + 1]
            in_school = self.below[school][self.school_level]
            self.schools[school] = in_school
            school_path = "/".join(steps[: self.school_level + 2])
            for rid in index._index_parents.get(school_path, ()):
                group = paths[rid].rsplit("/", 1)[1]
                in_group = self.in_group(school, group)
                if in_group is not None and self.holds_found(in_group, in_school):
                    self.groups[(school, group)] = in_group
            rest = difference(rest, in_school)

    def in_group(self, school, group):
        """Below any container with the group's id at that level (another school may
        have a group of the same id): only those also below the school are its own."""
        return self.below.get(group, {}).get(self.school_level + 1)

    def holds_found(self, in_group, in_school):
        for rid in islice(in_group, FIRST_FEW):
            if rid in self.found and rid in in_school:
                return True
        return any(rid in in_school for rid in intersection(self.found, in_group))

    def places(self):
        return set(self.groups)

    def narrow(self, school, group):
        if group:
            group_school, group = group.split("/", 1)
            in_group = self.groups.get((group_school, group))
            if in_group is None or school not in ("", group_school):
                return []
            in_school = self.schools[group_school]
            return [rid for rid in intersection(self.found, in_group) if rid in in_school]
        in_school = self.schools.get(school)
        return [] if in_school is None else list(intersection(self.found, in_school))
