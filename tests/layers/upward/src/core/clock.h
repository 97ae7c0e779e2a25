// Core reaching up into the engine: the violation the check must report.
#pragma once

#include "core/time.h"
#include "engine/engine.h"
