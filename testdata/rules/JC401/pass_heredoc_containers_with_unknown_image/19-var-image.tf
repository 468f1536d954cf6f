variable "image" {
  description = "Container image, given by the caller"
  type        = string
}
