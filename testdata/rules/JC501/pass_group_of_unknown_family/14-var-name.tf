variable "name" {
  description = "Job name, given by the caller"
  type        = string
}
