# A reusable module: the caller names the job, so the names below are unknown here.
variable "name" {
  type = string
}

locals {
  log_group = "/ecs/${var.name}"
}
