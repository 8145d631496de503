"""Everyday items folded onto the category words a site writes: "screwdriver" -> "hand tool", "faucet" -> "tap".

A site says "hand tools are in aisle 9", not which hand tools; a visitor asks for a screwdriver. MiniLM word
vectors do not bridge that (screwdriver ~ tool is below any safe soft-match threshold), so common members of the
categories a shop, hotel or clinic kiosk talks about are folded onto the category, in the question and in the site
text alike (a site that does list screwdrivers folds them the same way, so nothing is lost). Written from general
knowledge of the categories, not from any question set; only true "is a" relations, never "is used with".
"""

from __future__ import annotations

_CATEGORIES: dict[str, str] = {
    "hand tool": "screwdriver, hammer, claw hammer, spanner, wrench, pliers, chisel, mallet, crowbar, hacksaw, "
                 "handsaw, tape measure, spirit level, allen key, stanley knife, utility knife, stud finder, "
                 "stud detector, tenon saw, coping saw, panel saw",
    "power tool": "sander, jigsaw, grinder, angle grinder, circular saw, nail gun, heat gun, impact driver, "
                  "mitre saw, miter saw, chop saw, multi tool",
    "garden tool": "spade, shovel, rake, trowel, hoe, shears, secateurs, lawnmower, lawn mower, hedge trimmer, "
                   "watering can, wheelbarrow",
    "socket": "outlet, plug socket, power socket, wall socket, power point, electrical outlet",
    "cable": "wire, wiring, flex, extension lead, extension cable, extension cord, twin and earth",
    "switch": "dimmer, dimmer switch",
    "tap": "faucet",
    "light bulb": "lightbulb, energy saver bulb, energy saving bulb, energy-saving bulb, energy saver, led bulb, "
                  "halogen bulb, spotlight bulb, bayonet bulb",
    "pipe": "pipework, copper pipe, waste pipe",
    "wall plug": "rawlplug, rawl plug, wall anchor",
    "paint": "emulsion, gloss, undercoat, primer, varnish, woodstain, wood stain, masonry paint, paintbrush, "
             "paint brush, paint roller, brush, brushes, roller, rollers",
    "compost": "soil, potting soil, topsoil, potting mix, potting compost, multipurpose compost, grow bag, growbag",
    "vaccination": "immunisation, immunization",
    "dog": "puppy, puppies, terrier, labrador, spaniel, poodle, retriever, collie, beagle, dachshund, chihuahua, pug, "
           "greyhound, whippet, lurcher, alsatian, german shepherd, husky, bulldog, rottweiler, sheepdog, westie, "
           "yorkie, staffie, staffy, schnauzer, jack russell, shih tzu, cockapoo, labradoodle, corgi, pomeranian, "
           "dalmatian, doberman, great dane, springer, goldendoodle, labradoodle, cavapoo, maltipoo, cavalier, "
           "ridgeback, boerboel, mastiff, weimaraner, vizsla, samoyed, akita, malamute, golden retriever",
}


def _forms(item: str) -> list[str]:
    """The item and its plural ("pliers" and "shears" are plural already)."""
    if item.endswith("s"):
        return [item]
    return [item, item + ("es" if item.endswith(("sh", "ch", "x")) else "s")]


HYPERNYMS: dict[str, str] = {}
"""Item (and its plural) -> the category words that replace it, for lexical.surface_terms."""
for _category, _items in _CATEGORIES.items():
    for _item in _items.split(","):
        for _form in _forms(_item.strip()):
            HYPERNYMS.setdefault(_form, _category)
