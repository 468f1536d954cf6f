# A reusable module: the caller names the job, so the names below are unknown here. The
# events role names the task definition and roles by ARNs spelled from the same `var.name`.
variable "name" {
  type = string
}

locals {
  log_group = "/ecs/${var.name}"
}
