// The Atom feed of changes (RFC 4287), served at /feed.atom: one entry per event, with an id
// derived from the instrument, the kind and the date, so a feed reader sees each event once.
#pragma once

#include "core/library.hpp"

#include <string>

namespace cadre {

/// The tag: URI (RFC 4151) of an event: tag:cadre.ceimia.org,2026:event/<instrument>/<kind>/<date>,
/// with "/<n>" added for the n-th (n >= 2) event of the same instrument, kind and date.
std::string event_tag(const InstrumentEvent& event, int repeat = 1);

/// The feed document. `self` is the path and query the feed was asked with ("/feed.atom?j=eu");
/// links are relative to the server, so the document does not depend on the Host header.
std::string atom_feed(const Changes& changes, const std::string& self);

} // namespace cadre
