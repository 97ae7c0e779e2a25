// The engine may use core.
#pragma once

#include "core/time.h"
