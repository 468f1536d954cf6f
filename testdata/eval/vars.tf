# Declarations the golden cases may use (`var.*`): `terraform console` runs in a folder holding
# only this file, so every variable has a default. No provider, no backend.
variable "job" {
  type = object({
    name     = string
    cpu      = optional(number, 256)
    memory   = optional(string, "512")
    schedule = optional(string)
    alert = optional(object({
      enabled = optional(bool, true)
      topic   = optional(string, "failures")
    }), {})
  })
  default = {
    name = "nightly"
    cpu  = "1024"
  }
}

variable "jobs" {
  type = map(object({
    schedule = string
    retries  = optional(number, 2)
    tags     = optional(map(string), {})
  }))
  default = {
    export = { schedule = "rate(1 day)" }
    report = { schedule = "cron(0 3 * * ? *)", retries = "0", tags = null }
  }
}

variable "containers" {
  type = list(object({
    name      = string
    essential = optional(bool, true)
    port      = optional(number)
  }))
  default = [{ name = "app" }, { name = "sidecar", essential = false, port = "8080" }]
}

variable "extra" {
  type    = object({ keep = string })
  default = { keep = "yes", drop = "gone" }
}

variable "flags" {
  type    = tuple([bool, number])
  default = ["true", "3"]
}

variable "nothing" {
  type    = object({ name = string })
  default = null
}
