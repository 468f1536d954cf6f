# Both modules are given the same name, built from a variable this configuration leaves
# to its caller: the job logs to the group the other module declares.
variable "env" {
  type = string
}

variable "team" {
  type = string
}

module "logs" {
  source = "./modules/logs"
  name   = "billing-${var.env}"
}

module "job" {
  source = "./modules/job"
  name   = "billing-${var.env}"
}
